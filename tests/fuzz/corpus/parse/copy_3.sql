-- doc: r_COPY_command_examples.html "Load from JSON data using the 'auto' option"
-- expect: table=category format=json_auto
copy category
from 's3://amzn-s3-demo-bucket/category_object_auto.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 'auto';
