-- expect: table=docs.venue_all diststyle=all columns=5
create table docs.venue_all(
venueid smallint not null,
venuename varchar(100),
venuecity varchar(30),
venuestate char(2),
venueseats integer,
primary key(venueid))
diststyle all;
