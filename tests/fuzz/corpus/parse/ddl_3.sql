-- expect: table=tmp_top as_query=yes temp=yes columns=0
CREATE TEMPORARY TABLE tmp_top AS SELECT user_id, count(*) FROM songplays GROUP BY user_id ORDER BY 2 DESC LIMIT 10;
-- Three-part names (r_CREATE_TABLE_examples: "dev_database.public.sales").
-- expect: table=public.sales database=dev_database columns=3 pk=salesid
create table dev_database.public.sales(
salesid integer not null primary key,
listid integer not null,
pricepaid decimal(8,2));
