-- Statements starshift check must report, each with the id and line (relative to the statement's first line).

-- error: starshift.model.encoding_invalid_for_type @+2
CREATE TABLE wrong_encoding (
  id INTEGER ENCODE AZ64,
  active BOOLEAN ENCODE DELTA
);

-- error: starshift.model.encoding_invalid_for_type @+0
CREATE TABLE wrong_encoding_text (id INTEGER ENCODE TEXT255);

-- error: starshift.model.encoding_invalid_for_type @+1
CREATE TABLE wrong_mostly (
  small SMALLINT ENCODE MOSTLY16
);

-- error: starshift.model.distkey_column_missing @+0
CREATE TABLE distkey_missing (a INTEGER, b INTEGER) DISTKEY (c);

-- error: starshift.model.multiple_distkeys @+2
CREATE TABLE two_distkeys (
  a INTEGER DISTKEY,
  b INTEGER DISTKEY
);

-- error: starshift.model.multiple_distkeys @+3
CREATE TABLE column_and_table_distkey (
  a INTEGER DISTKEY,
  b INTEGER)
DISTKEY (b);

-- error: starshift.model.interleaved_sortkey_too_wide @+0
CREATE TABLE wide_interleaved (c1 INT, c2 INT, c3 INT, c4 INT, c5 INT, c6 INT, c7 INT, c8 INT, c9 INT)
INTERLEAVED SORTKEY (c1, c2, c3, c4, c5, c6, c7, c8, c9);

-- error: starshift.model.sortkey_column_missing @+0
CREATE TABLE sortkey_missing (a INT) SORTKEY (b);

-- error: starshift.model.distkey_without_key_style @+0
CREATE TABLE distkey_even (a INT) DISTSTYLE EVEN DISTKEY (a);

-- error: starshift.model.identity_type_invalid @+1
CREATE TABLE identity_varchar (
  id VARCHAR(10) IDENTITY(1,1)
);

-- error: starshift.model.pk_column_missing @+0
CREATE TABLE pk_missing (a INT, PRIMARY KEY (b));

-- error: starshift.parse.like_table_unknown @+0
CREATE TEMP TABLE like_other (LIKE sales_not_in_this_file);

-- error: starshift.parse.ctas_column_unknown @+0
CREATE TABLE ctas DISTKEY (2) AS SELECT 1 AS a;

-- copy-parameters-data-format.html: "CSV can't be used with FIXEDWIDTH, REMOVEQUOTES, or ESCAPE"
-- error: starshift.model.copy_option_not_for_csv @+0
COPY category
FROM 's3://amzn-s3-demo-bucket/venue_fw.txt'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
FIXEDWIDTH 'venueid:3,venuename:25' CSV;

-- error: starshift.model.copy_option_not_for_csv @+0
copy category from '/data/category.csv' csv escape;

-- error: starshift.model.copy_option_not_for_csv @+0
copy category from '/data/category.csv' csv removequotes;

-- copy-parameters-data-format.html: "DELIMITER can't be used with FIXEDWIDTH"
-- error: starshift.model.copy_option_not_for_fixedwidth @+0
copy category from '/data/category_fw.txt' fixedwidth 'a:2,b:10,c:10,d:30' delimiter '|';

-- copy-parameters-data-conversion.html: "You can't use the ESCAPE parameter for FIXEDWIDTH loads"
-- error: starshift.model.copy_option_not_for_fixedwidth @+0
copy category from '/data/category_fw.txt' fixedwidth 'a:2,b:10,c:10,d:30' escape;

-- error: starshift.parse.bad_option_value @+0
copy category from '/data/category_fw.txt' fixedwidth 'a:2,b';

-- copy-parameters-data-format.html, JSON: NULL AS, ESCAPE, FILLRECORD … are not supported
-- error: starshift.model.copy_option_not_for_json @+0
copy category from '/data/category.json' json 'auto' null as 'x';

-- error: starshift.model.copy_option_not_for_json @+0
copy category from '/data/category.json' json 'auto' fillrecord;

-- copy-parameters-data-conversion.html, NULL AS: "Do not use '\n' (newline) for the null_string value"
-- error: starshift.model.copy_null_as_invalid @+0
copy category from '/data/category.txt' null as '\n';

-- error: starshift.model.copy_credentials_missing @+0
copy category from 's3://amzn-s3-demo-bucket/data/category_csv.txt' csv;

-- error: starshift.model.copy_column_missing @+0
copy category (catid, nope) from '/data/category.csv' csv;

-- error: starshift.model.copy_option_not_for_json @+0
copy category from '/data/category.json' json 'auto' delimiter '|';

-- error: starshift.model.copy_timeformat_invalid @+0
copy event from '/data/events.csv' csv timeformat 'YYYY-MM-DD HH:MI:SSTZ';

-- error: starshift.parse.syntax @+1
CREATE TABLE missing_type (
  a ,
  b INT
);

-- error: starshift.parse.unterminated_string @+0
COPY category FROM 's3://never-closed
