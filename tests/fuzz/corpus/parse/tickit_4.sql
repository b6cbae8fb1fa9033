-- expect: table=event columns=6 distkey=eventid sortkey=compound(dateid) type.starttime=TIMESTAMP
create table event(
	eventid integer not null distkey,
	venueid smallint not null,
	catid smallint not null,
	dateid smallint not null sortkey,
	eventname varchar(200),
	starttime timestamp);
