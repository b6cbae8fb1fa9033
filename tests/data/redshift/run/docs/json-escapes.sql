-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-copy-from-json.html ("Escape characters in JSON")
-- COPY loads \n as a newline and \t as a tab; \\ loads one backslash.
-- expect rows: select * from escapes
-- | This is a backslash: \\ | This sentence\n is on two lines. | This sentence \t contains a tab.
create table escapes (backslash varchar(25), newline varchar(35), tab varchar(35));

copy escapes from 's3://run-bucket/docs/json-escapes/escape.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
format as json 'auto';
