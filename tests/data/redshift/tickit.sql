/* TICKIT, the sample database of Redshift's "Getting started" guide and of most SQL reference examples
   (c_sampledb), as the documentation creates it: column-level DISTKEY and SORTKEY, lower-case keywords. */

-- expect: table=users columns=18 distkey=userid diststyle=key sortkey=compound(userid) type.username=CHAR(8)
-- expect: type.likesports=BOOLEAN notnull.userid=yes notnull.city=no
create table users(
	userid integer not null distkey sortkey,
	username char(8),
	firstname varchar(30),
	lastname varchar(30),
	city varchar(30),
	state char(2),
	email varchar(100),
	phone char(14),
	likesports boolean,
	liketheatre boolean,
	likeconcerts boolean,
	likejazz boolean,
	likeclassical boolean,
	likeopera boolean,
	likerock boolean,
	likevegas boolean,
	likebroadway boolean,
	likemusicals boolean);

-- expect: table=venue columns=5 distkey=venueid type.venueid=SMALLINT type.venuestate=CHAR(2)
create table venue(
	venueid smallint not null distkey sortkey,
	venuename varchar(100),
	venuecity varchar(30),
	venuestate char(2),
	venueseats integer);

-- expect: table=category columns=4 distkey=catid sortkey=compound(catid) type.catdesc=VARCHAR(50)
create table category(
	catid smallint not null distkey sortkey,
	catgroup varchar(10),
	catname varchar(10),
	catdesc varchar(50));

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

-- expect: table=event columns=6 distkey=eventid sortkey=compound(dateid) type.starttime=TIMESTAMP
create table event(
	eventid integer not null distkey,
	venueid smallint not null,
	catid smallint not null,
	dateid smallint not null sortkey,
	eventname varchar(200),
	starttime timestamp);

-- expect: table=listing columns=8 distkey=listid type.priceperticket=DECIMAL(8,2)
create table listing(
	listid integer not null distkey,
	sellerid integer not null,
	eventid integer not null,
	dateid smallint not null  sortkey,
	numtickets smallint not null,
	priceperticket decimal(8,2),
	totalprice decimal(8,2),
	listtime timestamp);

-- expect: table=sales columns=10 distkey=listid sortkey=compound(dateid) type.commission=DECIMAL(8,2)
create table sales(
	salesid integer not null,
	listid integer not null distkey,
	sellerid integer not null,
	buyerid integer not null,
	eventid integer not null,
	dateid smallint not null sortkey,
	qtysold smallint not null,
	pricepaid decimal(8,2),
	commission decimal(8,2),
	saletime timestamp);

-- The COPY examples' VENUE_NEW with an IDENTITY column (r_COPY_command_examples, "Load VENUE with explicit
-- values for an IDENTITY column").
-- expect: table=venue_new columns=5 identity.venueid=0,1 default.venueseats='1000' distkey=none
create table venue_new(
	venueid int identity(0,1),
	venuename varchar(100),
	venuecity varchar(30),
	venuestate char(2),
	venueseats integer not null default '1000');

-- expect: table=timestamp1 columns=2 type.timestamp1=TIMESTAMP
create table timestamp1 (col1 timestamp, timestamp1 timestamp);

-- expect: table=category_stage columns=4 backup=no default.catgroup='General' default.catname=upper('none')
create table category_stage
(catid smallint default 0,
catgroup varchar(10) default 'General',
catname varchar(10) default upper('none'),
catdesc varchar(50) default 'General')
backup no;
