-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-multi-byte.html
-- "If your data includes non-ASCII multibyte characters (such as Chinese or Cyrillic characters), you must load
-- the data to VARCHAR columns. The VARCHAR data type supports four-byte UTF-8 characters, but the CHAR data type
-- only accepts single-byte ASCII characters." Into CHAR: load error 1215 ("CHAR field error",
-- https://docs.aws.amazon.com/redshift/latest/dg/r_Load_Error_Reference.html), so the COPY fails (MAXERROR 0).
-- VARCHAR lengths count bytes: Москва is 12 bytes. The page shows no table or file: two JSON objects written for
-- this case.
-- expect rows: SELECT id, name FROM cities ORDER BY id
-- | 1 | Москва
-- | 2 | 北京
-- expect empty: SELECT * FROM cities_char
-- expect error: 1215 at line 21
create table cities (id integer, name varchar(12));
create table cities_char (id integer, name char(12));

copy cities
from 's3://run-bucket/docs/multibyte/cities.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 'auto';

copy cities_char
from 's3://run-bucket/docs/multibyte/cities.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 'auto';
