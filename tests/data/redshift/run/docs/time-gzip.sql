-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load TIME from a pipe-delimited GZIP file")
-- The page shows neither the TIME table nor timerows.gz: a two-column table and two gzip-compressed pipe-delimited
-- lines (1|2008-01-01 08:00:00, 2|2008-01-01 09:30:15) written for this case.
-- expect rows: SELECT timeid, caltime FROM time ORDER BY timeid
-- | 1 | 2008-01-01 08:00:00
-- | 2 | 2008-01-01 09:30:15
create table time (timeid integer, caltime timestamp);

copy time
from 's3://run-bucket/docs/time-gzip/timerows.gz'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
gzip
delimiter '|';
