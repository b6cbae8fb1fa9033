-- doc: r_COPY_command_examples.html "Load from JSON arrays using a JSONPaths file"
-- expect: table=category format=json_paths jsonpaths=s3://amzn-s3-demo-bucket/category_array_jsonpath.json
copy category
from 's3://amzn-s3-demo-bucket/category_array_data.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 's3://amzn-s3-demo-bucket/category_array_jsonpath.json';
