-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("COPY data with the ESCAPE option")
-- "Without the ESCAPE parameter, this COPY command fails with an Extra column(s) found error" (load error 1202,
-- https://docs.aws.amazon.com/redshift/latest/dg/r_Load_Error_Reference.html); nothing is loaded.
-- expect error: 1202 at line 8
-- expect empty: select * from redshiftinfo
create table redshiftinfo(infoid int,tableinfo varchar(50));

copy redshiftinfo from 's3://run-bucket/docs/escape-delimiter/redshiftinfo.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
delimiter '|';
