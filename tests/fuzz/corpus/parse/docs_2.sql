-- expect: table=docs.cities columns=3 type.state=CHAR(2) notnull.city=yes
create table if not exists docs.cities(
cityid integer not null,
city varchar(100) not null,
state char(2) not null);
