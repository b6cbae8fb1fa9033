-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Using a manifest to specify data files")
-- "In this example, COPY returns an error if any of the files isn't found": custdata.2 is missing here.
-- expect error: starshift.io.manifest_missing_file at line 11
-- expect empty: SELECT * FROM category
create table category(
    catid smallint not null distkey sortkey,
    catgroup varchar(10),
    catname varchar(10),
    catdesc varchar(50));

copy category
from 's3://run-bucket/docs/manifest-missing-mandatory/cust.manifest'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
manifest;
