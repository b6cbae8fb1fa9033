-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html ("ESCAPE")
-- The page's four pipe-delimited input rows and "The data loaded into column 2"; "The result for row 4 assumes
-- that the REMOVEQUOTES parameter is also specified". The page prints the values without the blank that follows
-- each delimiter; the blank is data (only REMOVEQUOTES skips blanks before an opening quote, docs/copy-engine.md).
-- expect rows: select id, txt from escaped order by id
-- | 1 | The quick brown fox\njumped over the lazy dog.
-- | 2 | \sA\\B\\C
-- | 3 | \sA \| B \| C
-- | 4 | A Midsummer Night's Dream
create table escaped (id int, txt varchar(100));

copy escaped from 's3://run-bucket/docs/escape-removequotes/escaped.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
escape removequotes;
