-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html ("ACCEPTANYDATE")
-- "Allows any date format, including invalid formats such as 00/00/00 00:00:00, to be loaded without generating
-- an error. … If the date format for the data doesn't match the DATEFORMAT specification, Amazon Redshift inserts
-- a NULL value into that field." Without it, the same line is a load error 1205 (date) and the COPY fails.
-- The page shows no table or file: two JSON objects written for this case.
-- expect rows: SELECT id, d, ts FROM dates ORDER BY id
-- | 1 | <null> | <null>
-- | 2 | 1999-12-31 | 1999-12-31 23:59:58
-- expect empty: SELECT * FROM strict_dates
-- expect error: 1205 at line 22
create table dates (id integer, d date, ts timestamp);
create table strict_dates (id integer, d date, ts timestamp);

copy dates
from 's3://run-bucket/docs/acceptanydate/dates.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 'auto'
dateformat 'MM/DD/YY'
timeformat 'MM/DD/YY HH:MI:SS'
acceptanydate;

copy strict_dates
from 's3://run-bucket/docs/acceptanydate/dates.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 'auto'
dateformat 'MM/DD/YY'
timeformat 'MM/DD/YY HH:MI:SS';
