-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load data from a file with default values")
-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-column-mapping.html ("Column list")
-- VENUESEATS is not in the column list: it takes its DEFAULT. Each line of the page's file ends with a delimiter.
-- expect rows: select * from venue_new order by venueid
-- | 1 | Toyota Park | Bridgeview | IL | 1000
-- | 2 | Columbus Crew Stadium | Columbus | OH | 1000
-- | 3 | RFK Stadium | Washington | DC | 1000
-- | 4 | CommunityAmerica Ballpark | Kansas City | KS | 1000
-- | 5 | Gillette Stadium | Foxborough | MA | 1000
-- | 6 | New York Giants Stadium | East Rutherford | NJ | 1000
-- | 7 | BMO Field | Toronto | ON | 1000
-- | 8 | The Home Depot Center | Carson | CA | 1000
-- | 9 | Dick's Sporting Goods Park | Commerce City | CO | 1000
-- | 10 | Pizza Hut Park | Frisco | TX | 1000
create table venue_new(
venueid smallint not null,
venuename varchar(100) not null,
venuecity varchar(30),
venuestate char(2),
venueseats integer not null default '1000');

copy venue_new(venueid, venuename, venuecity, venuestate)
from 's3://run-bucket/docs/default-values/venue_noseats.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
delimiter '|';
