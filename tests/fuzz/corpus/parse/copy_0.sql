-- COPY statements in the styles of Redshift's COPY documentation. Each names the page whose behaviour it mirrors.
-- Pages (https://docs.aws.amazon.com/redshift/latest/dg/…): r_COPY_command_examples.html (COPY examples),
-- copy-parameters-authorization.html, copy-parameters-data-source-s3.html, copy-parameters-data-format.html,
-- copy-parameters-file-compression.html, copy-parameters-data-conversion.html, copy-parameters-data-load.html,
-- copy-usage_notes-copy-from-json.html, r_DATEFORMAT_and_TIMEFORMAT_strings.html, automatic-recognition.html,
-- loading-data-files-using-manifest.html, tutorial-loading-data.html.

-- doc: r_COPY_command_examples.html "Load CATEGORY from a CSV file"
-- expect: table=category format=csv source=s3://amzn-s3-demo-bucket/data/category_csv.txt iam_role=arn:aws:iam::0123456789012:role/MyRedshiftRole
copy category
from 's3://amzn-s3-demo-bucket/data/category_csv.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv;
