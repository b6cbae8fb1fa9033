-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_DATEFORMAT_and_TIMEFORMAT_strings.html
-- "a COPY command loading source data with the date value Jan-01-1999 must include the following DATEFORMAT
-- string: 'MON-DD-YYYY'" (the page writes DATETIME AS; the parameter is DATEFORMAT, copy-parameters-data-conversion).
-- The page shows no table or file: one JSON object with that value, written for this case.
-- expect rows: SELECT id, d FROM dates
-- | 1 | 1999-01-01
create table dates (id integer, d date);

copy dates
from 's3://run-bucket/docs/dateformat-month-name/dates.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 'auto'
dateformat 'MON-DD-YYYY';
