-- starshift run: data conversion parameters (JSON sources under s3://run-bucket, see json.sql).

-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html
-- TIMEFORMAT 'auto' / DATEFORMAT 'auto' (and https://docs.aws.amazon.com/redshift/latest/dg/automatic-recognition.html):
-- ISO 8601 with T and Z, YYYYMMDD, YYYYMMDD HHMISS, Julian J2451187; a time in a DATE's source is truncated;
-- fractional seconds down to microseconds.
CREATE TABLE times_auto (id INTEGER, d DATE, ts TIMESTAMP);
COPY times_auto FROM 's3://run-bucket/events/times_auto.json'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
JSON 'auto' DATEFORMAT 'auto' TIMEFORMAT 'auto';

-- doc: copy-parameters-data-conversion (TIMEFORMAT 'epochmillisecs': milliseconds since 1970-01-01 00:00:00 UTC).
CREATE TABLE times_epoch (id INTEGER, ts TIMESTAMP);
COPY times_epoch FROM 's3://run-bucket/events/times_epoch.json'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
FORMAT AS JSON 'auto' TIMEFORMAT AS 'epochmillisecs';

-- doc: copy-parameters-data-conversion: EMPTYASNULL (an empty CHAR/VARCHAR field loads NULL), BLANKSASNULL (a
-- field of only white space loads NULL), TRUNCATECOLUMNS (VARCHAR cut to the column's width), ROUNDEC (20.259 into
-- DECIMAL(8,2) rounds to 20.26). An empty string for a non-character type (qty INTEGER) always loads NULL
-- (copy-usage_notes-copy-from-json).
CREATE TABLE conv_on (id INTEGER, name VARCHAR(10), note VARCHAR(10), amount DECIMAL(8,2), code VARCHAR(5), qty INTEGER);
COPY conv_on FROM 's3://run-bucket/conv/strings.json'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
JSON 'auto' EMPTYASNULL BLANKSASNULL TRUNCATECOLUMNS ROUNDEC;

-- The same file without those parameters: '' and '   ' stay strings, 20.259 is truncated to 20.25 (not
-- rounded: copy-parameters-data-conversion, ROUNDEC), and 'abcdefgh' is too long for VARCHAR(5) (a load error;
-- MAXERROR 1 tolerates it, so two rows load).
CREATE TABLE conv_off (id INTEGER, name VARCHAR(10), note VARCHAR(10), amount DECIMAL(8,2), code VARCHAR(5), qty INTEGER);
COPY conv_off FROM 's3://run-bucket/conv/strings.json'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
JSON 'auto' MAXERROR 1;
