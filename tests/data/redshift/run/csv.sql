-- starshift run: CSV COPY cases of Redshift's documentation (s3://run-bucket mapped as in json.sql).
CREATE TABLE category_csv (catid SMALLINT, catgroup VARCHAR(10), catname VARCHAR(10), catdesc VARCHAR(50));
CREATE TABLE category_quote (catid SMALLINT, catgroup VARCHAR(10), catname VARCHAR(10), catdesc VARCHAR(50));
CREATE TABLE category_pipe (catid SMALLINT, catgroup VARCHAR(10), catname VARCHAR(10), catdesc VARCHAR(50));

-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load CATEGORY from a CSV
-- file"): fields with commas are quoted, a quote inside is doubled.
COPY category_csv FROM 's3://run-bucket/csv/category_csv.txt'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
CSV;

-- doc: r_COPY_command_examples (the same, "QUOTE AS '%'") and
-- https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html (IGNOREHEADER 1 skips the
-- header line).
COPY category_quote FROM 's3://run-bucket/csv/category_quote.txt'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
CSV QUOTE AS '%' IGNOREHEADER 1;

-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html (CSV with DELIMITER '|';
-- IGNOREHEADER 2).
COPY category_pipe FROM 's3://run-bucket/csv/category_pipe.txt'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
DELIMITER '|' CSV IGNOREHEADER AS 2;
