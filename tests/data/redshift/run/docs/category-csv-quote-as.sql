-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load CATEGORY from a CSV file", QUOTE AS '%')
-- expect rows: SELECT catid, catgroup, catname, catdesc FROM category ORDER BY catid
-- | 12 | Shows | Musicals | Musical theatre
-- | 13 | Shows | Plays | All "non-musical" theatre
-- | 14 | Shows | Opera | All opera, light, and "rock" opera
-- | 15 | Concerts | Classical | All symphony, concerto, and choir concerts
create table category(
    catid smallint not null distkey sortkey,
    catgroup varchar(10),
    catname varchar(10),
    catdesc varchar(50));

copy category
from 's3://run-bucket/docs/category-csv-quote-as/category_csv.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv quote as '%';
