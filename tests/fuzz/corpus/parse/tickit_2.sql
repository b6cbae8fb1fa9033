-- expect: table=category columns=4 distkey=catid sortkey=compound(catid) type.catdesc=VARCHAR(50)
create table category(
	catid smallint not null distkey sortkey,
	catgroup varchar(10),
	catname varchar(10),
	catdesc varchar(50));
