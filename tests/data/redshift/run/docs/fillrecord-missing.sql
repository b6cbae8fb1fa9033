-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html ("FILLRECORD")
-- The same file without FILLRECORD: the short record is a load error (1214 "Delimiter not found",
-- https://docs.aws.amazon.com/redshift/latest/dg/r_Load_Error_Reference.html) and nothing is loaded.
-- expect error: 1214 at line 8
-- expect empty: select * from fruit
create table fruit (c1 char(6), c2 char(6), c3 char(6), c4 char(6));

copy fruit from 's3://run-bucket/docs/fillrecord/fruit.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
delimiter ',';
