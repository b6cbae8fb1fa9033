-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Using a manifest to specify data files")
-- "load all of the files in mybucket that begin with custdata by specifying a prefix … If the bucket also contains
-- an unwanted file that happens to use the same prefix, such as a file named custdata.backup … COPY loads that
-- file as well". The files' contents are not shown: one pipe-delimited CATEGORY line each, written for this case.
-- expect rows: SELECT catid, catname FROM category ORDER BY catid
-- | 21 | Cat1
-- | 22 | Cat2
-- | 23 | Cat3
-- | 29 | Backup
create table category(
    catid smallint not null distkey sortkey,
    catgroup varchar(10),
    catname varchar(10),
    catdesc varchar(50));

copy category
from 's3://run-bucket/docs/manifest-prefix/custdata'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole';
