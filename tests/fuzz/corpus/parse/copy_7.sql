-- doc: r_COPY_command_examples.html "Load LISTING using a manifest"
-- expect: table=listing manifest=yes source=s3://amzn-s3-demo-bucket/cust.manifest format=csv delimiter=|
copy listing
from 's3://amzn-s3-demo-bucket/cust.manifest'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
manifest
csv delimiter '|';
