-- expect: table=date columns=8 type.day=CHAR(3) default.holiday=('N') type.holiday=BOOLEAN
create table date(
	dateid smallint not null distkey sortkey,
	caldate date not null,
	day character(3) not null,
	week smallint not null,
	month character(5) not null,
	qtr character(5) not null,
	year smallint not null,
	holiday boolean default('N'));
