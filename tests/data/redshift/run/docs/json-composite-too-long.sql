-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-copy-from-json.html ("JSONPath option")
-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html ("TRUNCATECOLUMNS")
-- The page's object again, into columns too short for the array and the object text: without TRUNCATECOLUMNS
-- the value is a load error 1204 ("Input data exceeded the acceptable range for the data type",
-- https://docs.aws.amazon.com/redshift/latest/dg/r_Load_Error_Reference.html) and the COPY fails (MAXERROR 0);
-- with it, the text is truncated to the column's length.
-- expect error: 1204 at line 20
-- expect rows: SELECT id, tags, friend FROM people_truncated
-- | 0 | ["nisi","culpa" | {"id": 1,"name"
-- expect empty: SELECT * FROM people
create table people_truncated (id integer, tags varchar(15), friend varchar(15));
create table people (id integer, tags varchar(15), friend varchar(15));

copy people_truncated
from 's3://run-bucket/docs/json-composite-to-varchar/data.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 's3://run-bucket/docs/json-composite-to-varchar/jsonpaths.json'
truncatecolumns;

copy people
from 's3://run-bucket/docs/json-composite-to-varchar/data.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 's3://run-bucket/docs/json-composite-to-varchar/jsonpaths.json';
