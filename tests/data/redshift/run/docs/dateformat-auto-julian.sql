-- doc: https://docs.aws.amazon.com/redshift/latest/dg/automatic-recognition.html
-- 'auto' recognizes 'J2345678 04:05:06.789' (the page's CAST gives the date 1710-02-23); "If the source data for a
-- DATE column includes time information, the time component is truncated." The page loads no file: one JSON
-- object with that value, written for this case.
-- expect rows: SELECT id, d FROM dates
-- | 1 | 1710-02-23
create table dates (id integer, d date);

copy dates
from 's3://run-bucket/docs/dateformat-auto-julian/dates.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 'auto'
dateformat 'auto';
