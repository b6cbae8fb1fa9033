-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html ("FILLRECORD")
-- "if the table definition contains four nullable CHAR columns, and a record contains the values apple, orange,
-- banana, mango, the COPY command could load and fill in a record that contains only the values apple, orange.
-- The missing CHAR values would be loaded as NULL values."
-- PostgreSQL prints CHAR(6) padded; Redshift ignores trailing blanks of CHAR (r_Character_types), so rtrim.
-- expect rows: select rtrim(c1), rtrim(c2), rtrim(c3), rtrim(c4) from fruit order by c3 nulls last
-- | apple | orange | banana | mango
-- | apple | orange | <null> | <null>
create table fruit (c1 char(6), c2 char(6), c3 char(6), c4 char(6));

copy fruit from 's3://run-bucket/docs/fillrecord/fruit.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
delimiter ',' fillrecord;
