-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-copy-from-json.html ("JSONPath option")
-- "If the value in the name-value pair referenced by a JSONPath expression is an object or an array, the entire
-- object or array is loaded as a string, including the braces or brackets": the page gives the values of
-- $['tags'] and $['friends'][1] for its object. The page shows no table or COPY: the smallest ones that load
-- those two values (and the id) from the page's object.
-- expect rows: SELECT id, tags, friend FROM people
-- | 0 | ["nisi","culpa","ad","amet","voluptate","reprehenderit","veniam"] | {"id": 1,"name": "Renaldo"}
create table people (id integer, tags varchar(100), friend varchar(100));

copy people
from 's3://run-bucket/docs/json-composite-to-varchar/data.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 's3://run-bucket/docs/json-composite-to-varchar/jsonpaths.json';
