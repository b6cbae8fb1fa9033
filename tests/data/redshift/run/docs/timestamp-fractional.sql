-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load a timestamp or datestamp")
-- TIMEFORMAT 'YYYY-MM-DD HH:MI:SS' also reads fractional seconds beyond SS, to the microsecond. The page shows
-- timestamp1 only as one column c1.
-- expect rows: select * from timestamp1
-- | 2009-01-12 14:15:57.119568
create table timestamp1 (c1 timestamp);

copy timestamp1
from 's3://run-bucket/docs/timestamp-fractional/time.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
timeformat 'YYYY-MM-DD HH:MI:SS';
