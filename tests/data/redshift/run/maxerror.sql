-- starshift run: MAXERROR and stl_load_errors.
-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-load.html (MAXERROR) and
-- https://docs.aws.amazon.com/redshift/latest/dg/r_STL_LOAD_ERRORS.html: rows that fail conversion are skipped and
-- recorded; the load succeeds while the error count stays within MAXERROR (starshift's default boundary:
-- more_than, N errors tolerated).
CREATE TABLE sales (salesid INTEGER, qtysold SMALLINT, pricepaid DECIMAL(8,2));
COPY sales FROM 's3://run-bucket/errors/sales.json'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
JSON 'auto' MAXERROR 2;
-- The same file with MAXERROR 1: two errors end the COPY, nothing of it stays (the rejects are still recorded);
-- the script stops here.
CREATE TABLE sales_strict (salesid INTEGER, qtysold SMALLINT, pricepaid DECIMAL(8,2));
COPY sales_strict FROM 's3://run-bucket/errors/sales.json'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
JSON 'auto' MAXERROR 1;
CREATE TABLE never_created (id INTEGER);
