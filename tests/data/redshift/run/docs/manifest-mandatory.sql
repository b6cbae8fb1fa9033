-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Using a manifest to specify data files")
-- The page's manifest (its URLs moved from s3://mybucket/ to this case's folder) loads the three listed files;
-- "Unwanted files that might have been picked up if you specified only a key prefix, such as custdata.backup, are
-- ignored". The page shows no COPY with this manifest: the prefix example's COPY with MANIFEST; the files'
-- contents are one pipe-delimited CATEGORY line each, written for this case.
-- expect rows: SELECT catid, catname FROM category ORDER BY catid
-- | 21 | Cat1
-- | 22 | Cat2
-- | 23 | Cat3
create table category(
    catid smallint not null distkey sortkey,
    catgroup varchar(10),
    catname varchar(10),
    catdesc varchar(50));

copy category
from 's3://run-bucket/docs/manifest-mandatory/cust.manifest'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
manifest;
