-- doc: r_COPY_command_examples.html "Load CATEGORY from a CSV file" (QUOTE AS '%')
-- expect: table=category format=csv quote=% delimiter=,
copy category
from 's3://amzn-s3-demo-bucket/data/category_csv.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv quote as '%';
