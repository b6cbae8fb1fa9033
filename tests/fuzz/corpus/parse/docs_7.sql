-- expect: table=docs.categorydef default.catid=0 default.catgroup='Special' default.catdesc="'Special events'"
create table docs.categorydef(
catid smallint not null default 0,
catgroup varchar(10) default 'Special',
catname varchar(10) default 'Other',
catdesc varchar(50) default 'Special events',
primary key(catid));
