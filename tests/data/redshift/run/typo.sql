CREATE TABLE category_typo (catid SMALLINT, catgroup VARCHAR(10), catname VARCHAR(10), catdesc VARCHAR(50));
COPY category_typo
FROM 's3://run-bucket/category/category_object_paths.json'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
JSON 's3://run-bucket/errors/misspelled_jsonpaths.json';
CREATE TABLE never_created (x INTEGER);
-- starshift run: a JSONPaths file whose top-level key is misspelled ("jsonpath") fails the COPY at line 2 before a
-- row is loaded, and the script stops there
-- (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html, "JSONPaths file").
-- tests/integration/test_script_runner.cpp checks the line numbers: keep the statements above in place.
