-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Preparing files for COPY with the ESCAPE option")
-- nlTest2.txt is the page's nlTest1.txt after the page's sed command (a backslash before each newline that follows
-- '>'). The page describes t2 only as a character column c1 and an integer column c2.
-- expect rows: select * from t2 order by 2
-- | <xml start>\n<newline characters provide>\n<line breaks at the end of each>\n<line in content>\n</xml> | 1000
-- | <xml>\n</xml> | 2000
create table t2 (c1 varchar(256), c2 integer);

copy t2 from 's3://run-bucket/docs/escape-newline/nlTest2.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
escape
delimiter as '|';
