-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load data from a file with default values")
-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html ("EXPLICIT_IDS")
-- "The following COPY statement successfully loads the table, including the predefined IDENTITY data values
-- instead of autogenerating those values"; VENUESEATS takes its DEFAULT.
-- The page creates venue_identity and loads "venue": the table is created as venue with venue_identity's definition.
-- The page does not show venue_pipe.txt: three lines of the page's venue data (ids 5, 7, 9, so that explicit ids
-- differ from generated ones), without VENUESEATS.
-- expect rows: select * from venue order by venueid
-- | 5 | Gillette Stadium | Foxborough | MA | 1000
-- | 7 | BMO Field | Toronto | ON | 1000
-- | 9 | Dick's Sporting Goods Park | Commerce City | CO | 1000
create table venue(
venueid int identity(1,1),
venuename varchar(100) not null,
venuecity varchar(30),
venuestate char(2),
venueseats integer not null default '1000');

copy venue(venueid, venuename, venuecity, venuestate)
from 's3://run-bucket/docs/identity-explicit-ids/venue_pipe.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
delimiter '|' explicit_ids;
