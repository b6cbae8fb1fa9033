-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("COPY data with the ESCAPE option")
-- expect rows: select * from redshiftinfo order by 1
-- | 1 | public\|event\|dwuser
-- | 2 | public\|sales\|dwuser
create table redshiftinfo(infoid int,tableinfo varchar(50));

copy redshiftinfo from 's3://run-bucket/docs/escape-delimiter/redshiftinfo.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
delimiter '|' escape;
