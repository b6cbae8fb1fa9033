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

-- doc: r_COPY_command_examples.html "Load CATEGORY from a CSV file" (QUOTE AS '%')
-- expect: table=category format=csv quote=% delimiter=,
copy category
from 's3://amzn-s3-demo-bucket/data/category_csv.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv quote as '%';

-- doc: r_COPY_command_examples.html "Load CATEGORY from a CSV file" (IGNOREHEADER 1)
-- expect: table=category format=csv ignoreheader=1
copy category
from 's3://amzn-s3-demo-bucket/data/category_csv.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv ignoreheader 1;

-- doc: r_COPY_command_examples.html "Load from JSON data using the 'auto' option"
-- expect: table=category format=json_auto
copy category
from 's3://amzn-s3-demo-bucket/category_object_auto.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 'auto';

-- doc: r_COPY_command_examples.html "Load from JSON data using the 'auto ignorecase' option"
-- expect: table=category format=json_auto_ignorecase
copy category
from 's3://amzn-s3-demo-bucket/category_object_auto-ignorecase.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 'auto ignorecase';

-- doc: r_COPY_command_examples.html "Load from JSON data using a JSONPaths file"
-- expect: table=category format=json_paths jsonpaths=s3://amzn-s3-demo-bucket/category_jsonpath.json
copy category
from 's3://amzn-s3-demo-bucket/category_object_paths.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 's3://amzn-s3-demo-bucket/category_jsonpath.json';

-- doc: r_COPY_command_examples.html "Load from JSON arrays using a JSONPaths file"
-- expect: table=category format=json_paths jsonpaths=s3://amzn-s3-demo-bucket/category_array_jsonpath.json
copy category
from 's3://amzn-s3-demo-bucket/category_array_data.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 's3://amzn-s3-demo-bucket/category_array_jsonpath.json';

-- doc: r_COPY_command_examples.html "Load LISTING using a manifest"
-- expect: table=listing manifest=yes source=s3://amzn-s3-demo-bucket/cust.manifest format=csv delimiter=|
copy listing
from 's3://amzn-s3-demo-bucket/cust.manifest'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
manifest
csv delimiter '|';

-- doc: r_COPY_command_examples.html "Load EVENT with options" (EMPTYASNULL, BLANKSASNULL, MAXERROR, TIMEFORMAT)
-- expect: table=event flags=emptyasnull,blanksasnull maxerror=5 delimiter=| timeformat="YYYY-MM-DD HH:MI:SS"
copy event
from 's3://amzn-s3-demo-bucket/data/allevents_pipe.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv
emptyasnull
blanksasnull
maxerror 5
delimiter '|'
timeformat 'YYYY-MM-DD HH:MI:SS';

-- doc: r_COPY_command_examples.html "Load VENUE with explicit values for an IDENTITY column"
-- expect: table=venue_new columns=venueid,venuename,venuecity,venuestate flags=explicit_ids format=csv
copy venue_new(venueid, venuename, venuecity, venuestate)
from 's3://amzn-s3-demo-bucket/data/venue_noseats.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv explicit_ids;

-- doc: r_COPY_command_examples.html "Load data from a file with default values" (omitted column gets its DEFAULT)
-- expect: table=venue_new columns=venuename,venuecity,venuestate delimiter=|
copy venue_new(venuename, venuecity, venuestate)
from 's3://amzn-s3-demo-bucket/data/venue_noseats.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv delimiter '|';

-- doc: r_COPY_command_examples.html "Load a time or datestamp"
-- expect: table=timestamp1 timeformat="YYYY-MM-DD HH:MI:SS"
copy timestamp1
from 's3://amzn-s3-demo-bucket/data/time.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv timeformat 'YYYY-MM-DD HH:MI:SS';

-- doc: r_COPY_command_examples.html "Load TIME from a pipe-delimited GZIP file"
-- expect: table=date compression=gzip delimiter=|
copy date
from 's3://amzn-s3-demo-bucket/data/dates.txt.gz'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
gzip
csv delimiter '|';

-- doc: copy-parameters-authorization.html (ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN)
-- expect: table=sales access_key_id=AKIAIOSFODNN7EXAMPLE session_token=yes format=csv delimiter=tab
copy sales
from 's3://amzn-s3-demo-bucket/tickit/sales_tab.txt'
access_key_id 'AKIAIOSFODNN7EXAMPLE'
secret_access_key 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
session_token 'FQoGZXIvYXdzEXAMPLETOKEN'
csv delimiter '\t';

-- doc: copy-parameters-authorization.html (CREDENTIALS with aws_iam_role)
-- expect: table=listing iam_role=arn:aws:iam::0123456789012:role/MyRedshiftRole region=us-east-1
copy listing
from 's3://amzn-s3-demo-bucket/tickit/listings_pipe.txt'
credentials 'aws_iam_role=arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv delimiter '|'
region 'us-east-1';

-- doc: copy-usage_notes-access-permissions.html "Temporary security credentials" (CREDENTIALS with token)
-- expect: table=users access_key_id=ASIAEXAMPLE session_token=yes
copy users
from 's3://amzn-s3-demo-bucket/tickit/allusers.csv'
credentials 'aws_access_key_id=ASIAEXAMPLE;aws_secret_access_key=secretEXAMPLE;token=tokenEXAMPLE'
csv;

-- doc: copy-parameters-authorization.html (CREDENTIALS with long-term access keys, WITH keyword)
-- expect: table=venue access_key_id=AKIAEXAMPLE session_token=no region=eu-west-1
COPY venue FROM 's3://amzn-s3-demo-bucket/tickit/venue.csv'
WITH CREDENTIALS AS 'aws_access_key_id=AKIAEXAMPLE;aws_secret_access_key=secretEXAMPLE'
REGION AS 'eu-west-1' CSV;

-- doc: tutorial-loading-data.html (SSB from a public bucket, gzip, COMPUPDATE OFF, region)
-- expect: table=customer compression=gzip compupdate=off region=us-west-2 format=csv delimiter=|
copy customer from 's3://awssampledbuswest2/ssbgz/customer'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv delimiter '|'
gzip compupdate off region 'us-west-2';

-- doc: tutorial-loading-data.html (SSB dwdate)
-- expect: table=dwdate compression=gzip compupdate=off
copy dwdate from 's3://awssampledbuswest2/ssbgz/dwdate'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv delimiter '|'
gzip compupdate off region 'us-west-2';

-- doc: tutorial-loading-data.html (SSB lineorder, the large fact table, with STATUPDATE)
-- expect: table=lineorder compression=gzip compupdate=off statupdate=on maxerror=0
COPY lineorder FROM 's3://awssampledbuswest2/ssbgz/lineorder'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
FORMAT AS CSV DELIMITER AS '|'
GZIP COMPUPDATE OFF STATUPDATE ON REGION 'us-west-2';

-- doc: copy-parameters-file-compression.html (ZSTD)
-- expect: table=part compression=zstd
copy part from 's3://amzn-s3-demo-bucket/ssb/part/'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
format csv delimiter '|' zstd;

-- doc: copy-parameters-file-compression.html (BZIP2)
-- expect: table=supplier compression=bzip2 quote='
copy supplier from 's3://amzn-s3-demo-bucket/ssb/supplier/'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv quote as '''' delimiter '|' bzip2;

-- doc: copy-parameters-data-conversion.html (TRUNCATECOLUMNS, ACCEPTINVCHARS with a replacement)
-- expect: table=analytics.page_views flags=truncatecolumns acceptinvchars=^ format=json_auto
copy analytics.page_views
from 's3://amzn-s3-demo-bucket/clickstream/2024/'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
format as json 'auto'
truncatecolumns
acceptinvchars as '^'
timeformat 'auto';

-- doc: copy-parameters-data-conversion.html (ACCEPTINVCHARS without a replacement: '?')
-- expect: table=events.app_events acceptinvchars=? dateformat=auto timeformat=epochmillisecs
copy events.app_events
from 's3://amzn-s3-demo-bucket/app-events/'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 's3://amzn-s3-demo-bucket/jsonpaths/app_events.json'
acceptinvchars
dateformat 'auto'
timeformat 'epochmillisecs';

-- doc: copy-parameters-data-conversion.html (ROUNDEC rounds DECIMAL values instead of truncating)
-- expect: table=listing flags=roundec format=csv
copy listing from 's3://amzn-s3-demo-bucket/tickit/listings.csv'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv roundec;

-- doc: r_DATEFORMAT_and_TIMEFORMAT_strings.html (DATEFORMAT string)
-- expect: table=orders dateformat=MM/DD/YYYY delimiter=|
copy orders from 's3://amzn-s3-demo-bucket/tpch/orders/'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv delimiter '|' dateformat as 'MM/DD/YYYY';

-- doc: automatic-recognition.html (DATEFORMAT and TIMEFORMAT 'auto')
-- expect: table=lineitem dateformat=auto timeformat=auto compression=gzip
copy lineitem from 's3://amzn-s3-demo-bucket/tpch/lineitem/'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv delimiter '|' dateformat 'auto' timeformat 'auto' gzip;

-- doc: r_DATEFORMAT_and_TIMEFORMAT_strings.html (TIMEFORMAT 'epochsecs')
-- expect: table=events.errors timeformat=epochsecs format=json_auto_ignorecase
copy events.errors from 's3://amzn-s3-demo-bucket/errors/'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
format as json 'auto ignorecase' timeformat as 'epochsecs';

-- doc: copy-parameters-data-load.html (MAXERROR, COMPUPDATE ON, STATUPDATE OFF)
-- expect: table=store_sales maxerror=1000 compupdate=on statupdate=off
copy store_sales from 's3://amzn-s3-demo-bucket/tpcds/store_sales/'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv delimiter '|' maxerror as 1000 compupdate on statupdate off gzip;

-- doc: copy-parameters-data-load.html (COMPUPDATE and STATUPDATE without a value mean ON)
-- expect: table=item compupdate=on statupdate=on
copy item from 's3://amzn-s3-demo-bucket/tpcds/item/'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv delimiter '|' compupdate statupdate;

-- doc: copy-parameters-data-source-s3.html (column list, key prefix, region)
-- expect: table=analytics.Clicks columns=UserId,ClickTime,Campaign format=csv region=ap-southeast-2
COPY analytics."Clicks" ("UserId", "ClickTime", "Campaign")
FROM 's3://amzn-s3-demo-bucket/clicks/2024-06-'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
REGION 'ap-southeast-2'
CSV IGNOREHEADER 1;

-- doc: copy-usage_notes-copy-from-json.html (JSON from a local path: the PostgreSQL copy engine's source)
-- expect: table=events.sessions source=/var/data/sessions/ format=json_paths jsonpaths=/var/data/sessions.jsonpaths
copy events.sessions from '/var/data/sessions/'
json '/var/data/sessions.jsonpaths';

-- doc: copy-parameters-data-format.html (FORMAT AS JSON without an argument is 'auto'; keywords in any case)
-- expect: table=events.users format=json_auto flags=blanksasnull,emptyasnull
CoPy Events.Users FrOm 's3://amzn-s3-demo-bucket/users/' Iam_Role 'arn:aws:iam::0123456789012:role/R'
Format As Json BlanksAsNull EmptyAsNull;

-- doc: loading-data-files-using-manifest.html (manifest of gzip CSV files with a header)
-- expect: table=inventory manifest=yes ignoreheader=1 compression=gzip
copy inventory
from 's3://amzn-s3-demo-bucket/tpcds/inventory.manifest'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
manifest csv ignoreheader 1 gzip;

-- doc: r_COPY_command_examples.html "Load LISTING from a pipe-delimited file (default delimiter)"
-- expect: table=listing format=text delimiter=| null_as=<none> source=s3://amzn-s3-demo-bucket/data/listings_pipe.txt
copy listing
from 's3://amzn-s3-demo-bucket/data/listings_pipe.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole';

-- doc: r_COPY_command_examples.html "Load EVENT with options"
-- expect: table=event format=text delimiter=| maxerror=5 flags=removequotes,emptyasnull,blanksasnull timeformat="YYYY-MM-DD HH:MI:SS"
copy event
from 's3://amzn-s3-demo-bucket/data/allevents_pipe.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
removequotes
emptyasnull
blanksasnull
maxerror 5
delimiter '|'
timeformat 'YYYY-MM-DD HH:MI:SS';

-- doc: r_COPY_command_examples.html "Load VENUE from a fixed-width data file"
-- expect: table=venue format=fixedwidth fixedwidth=venueid:3,venuename:25,venuecity:12,venuestate:2,venueseats:6
copy venue
from 's3://amzn-s3-demo-bucket/data/venue_fw.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
fixedwidth 'venueid:3,venuename:25,venuecity:12,venuestate:2,venueseats:6';

-- doc: t_loading_fixed_width_data.html (numeric labels) and copy-parameters-data-conversion.html FILLRECORD
-- expect: table=venue format=fixedwidth fixedwidth=0:3,1:25,2:12,3:2,4:6 flags=fillrecord,trimblanks
copy venue
from 's3://amzn-s3-demo-bucket/data/venue_fw.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
fixedwidth '0:3,1:25,2:12,3:2,4:6'
fillrecord
trimblanks;

-- doc: r_COPY_command_examples.html "Load TIME from a pipe-delimited GZIP file"
-- expect: table=time format=text delimiter=| compression=gzip
copy time
from 's3://amzn-s3-demo-bucket/data/timerows.gz'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
gzip
delimiter '|';

-- The tables of the two ESCAPE examples, as the page creates them (t2: "a character column" and an integer).
create table redshiftinfo(infoid int,tableinfo varchar(50));
create table t2 (c1 varchar(1000), c2 int);

-- doc: r_COPY_command_examples.html "COPY data with the ESCAPE option"
-- expect: table=redshiftinfo format=text delimiter=| flags=escape
copy redshiftinfo from 's3://amzn-s3-demo-bucket/data/redshiftinfo.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
delimiter '|' escape;

-- doc: r_COPY_command_examples.html "Preparing files for COPY with the ESCAPE option"
-- expect: table=t2 format=text delimiter=| flags=escape
copy t2 from 's3://amzn-s3-demo-bucket/data/nlTest2.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
escape
delimiter as '|';

-- doc: copy-parameters-data-format.html DELIMITER (a tab, as an escape) and copy-parameters-data-conversion.html
-- expect: table=venue format=text delimiter=tab null_as=NULL ignoreheader=1 flags=ignoreblanklines,removequotes
copy venue from 's3://amzn-s3-demo-bucket/data/venue.tsv'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
delimiter as '\t' null as 'NULL' ignoreheader 1 ignoreblanklines removequotes;

-- doc: tutorial-loading-run-copy.html (NULL AS with CSV, here the default text string written out)
-- expect: table=part format=csv null_as=\N
copy part from 's3://amzn-s3-demo-bucket/load/part-csv.tbl'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv
null as '\\N';
