-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load from JSON data using the 'auto' option")
-- The key names match the column names in any order; "bogus" matches no column and is ignored; objects may follow
-- one another without a newline ("}{").
-- expect rows: SELECT catid, catgroup, catname, catdesc FROM category ORDER BY catid
-- | 1 | Sports | MLB | Major League Baseball
-- | 2 | Sports | NHL | National Hockey League
-- | 3 | Sports | NFL | National Football League
-- | 4 | Sports | NBA | National Basketball Association
-- | 5 | Shows | Musicals | All symphony, concerto, and choir concerts
create table category(
    catid smallint not null distkey sortkey,
    catgroup varchar(10),
    catname varchar(10),
    catdesc varchar(50));

copy category
from 's3://run-bucket/docs/json-auto/category_object_auto.json'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
json 'auto';
