-- expect: table=docs.venue_ident identity.venueid=0,1 type.venueid=BIGINT pk=venueid
create table docs.venue_ident(venueid bigint identity(0, 1),
venuename varchar(100),
venuecity varchar(30),
venuestate char(2),
venueseats integer,
primary key(venueid));
