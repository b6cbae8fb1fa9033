-- The COPY examples' VENUE_NEW with an IDENTITY column (r_COPY_command_examples, "Load VENUE with explicit
-- values for an IDENTITY column").
-- expect: table=venue_new columns=5 identity.venueid=0,1 default.venueseats='1000' distkey=none
create table venue_new(
	venueid int identity(0,1),
	venuename varchar(100),
	venuecity varchar(30),
	venuestate char(2),
	venueseats integer not null default '1000');
