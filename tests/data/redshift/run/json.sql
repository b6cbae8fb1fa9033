-- starshift run: JSON COPY cases of Redshift's documentation, read from s3://run-bucket (mapped with --s3-map
-- s3://run-bucket=tests/data/redshift/run/data). tests/integration/test_script_runner.cpp compares whole tables.

-- The TICKIT CATEGORY table of the examples.
CREATE TABLE category_auto (
    catid SMALLINT NOT NULL DISTKEY SORTKEY,
    catgroup VARCHAR(10),
    catname VARCHAR(10),
    catdesc VARCHAR(50)
);
CREATE TABLE category_ignorecase (catid SMALLINT, catgroup VARCHAR(10), catname VARCHAR(10), catdesc VARCHAR(50),
    note VARCHAR(10) DEFAULT 'none');
CREATE TABLE category_paths (catid SMALLINT, catgroup VARCHAR(10), catname VARCHAR(10), catdesc VARCHAR(50));
CREATE TABLE category_array (catid SMALLINT, catgroup VARCHAR(10), catname VARCHAR(10), catdesc VARCHAR(50));
CREATE TABLE category_manifest (catid SMALLINT, catgroup VARCHAR(10), catname VARCHAR(10), catdesc VARCHAR(50));

-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load from JSON data using
-- the 'auto' option"): keys matched to columns in any order; "bogus" matches no column and is ignored.
copy category_auto
from 's3://run-bucket/category/category_object_auto.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 'auto';

-- doc: r_COPY_command_examples ("Load from JSON data using the 'auto ignorecase' option"): mixed-case keys.
-- note is not in the column list: its DEFAULT (copy-parameters-column-mapping).
COPY category_ignorecase (catid, catgroup, catname, catdesc)
FROM 's3://run-bucket/category/category_object_auto-ignorecase.json'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
FORMAT AS JSON 'auto ignorecase';

-- doc: r_COPY_command_examples ("Load from JSON data using a JSONPaths file"): bracket notation, the i-th path
-- feeding the i-th column.
COPY category_paths
FROM 's3://run-bucket/category/category_object_paths.json'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
JSON 's3://run-bucket/category/category_jsonpath.json';

-- doc: r_COPY_command_examples ("Load from JSON arrays using a JSONPaths file"): array indexes $[0]..$[3].
COPY category_array
FROM 's3://run-bucket/category/category_array_data.json'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
JSON 's3://run-bucket/category/category_array_jsonpath.json';

-- doc: https://docs.aws.amazon.com/redshift/latest/dg/loading-data-files-using-manifest.html: only the files the
-- manifest lists are loaded (ignored.json shares the folder and is not).
COPY category_manifest
FROM 's3://run-bucket/manifest/category.manifest'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
MANIFEST
JSON 'auto';

-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html#copy-json-jsonpaths: dot
-- notation through nested objects, array indexes after a dot path; a missing object element loads NULL;
-- DATEFORMAT 'MM/DD/YYYY' and TIMEFORMAT with HH meaning HH24.
CREATE TABLE event_nested (
    eventid INTEGER,
    venuename VARCHAR(100),
    venuecity VARCHAR(30),
    tag1 VARCHAR(20),
    tag2 VARCHAR(20),
    eventdate DATE,
    starttime TIMESTAMP
);
COPY event_nested
FROM 's3://run-bucket/events/nested.json'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
JSON 's3://run-bucket/events/nested_jsonpath.json'
DATEFORMAT 'MM/DD/YYYY'
TIMEFORMAT 'YYYY-MM-DD HH:MI:SS';
