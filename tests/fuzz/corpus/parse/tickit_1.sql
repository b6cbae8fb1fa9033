-- expect: table=venue columns=5 distkey=venueid type.venueid=SMALLINT type.venuestate=CHAR(2)
create table venue(
	venueid smallint not null distkey sortkey,
	venuename varchar(100),
	venuecity varchar(30),
	venuestate char(2),
	venueseats integer);
