-- doc: r_COPY_command_examples.html "Load from JSON data using the 'auto ignorecase' option"
-- expect: table=category format=json_auto_ignorecase
copy category
from 's3://amzn-s3-demo-bucket/category_object_auto-ignorecase.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 'auto ignorecase';
