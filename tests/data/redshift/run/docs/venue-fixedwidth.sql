-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load VENUE from a fixed-width data file")
-- The page states no output: the rows are its sample file read with the spec. Redshift compares CHAR and VARCHAR
-- values ignoring trailing blanks (https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html), so the
-- names and cities are compared without them.
-- expect rows: SELECT venueid, rtrim(venuename), rtrim(venuecity), venuestate, venueseats FROM venue ORDER BY venueid
-- | 1 | Toyota Park | Bridgeview | IL | 0
-- | 2 | Columbus Crew Stadium | Columbus | OH | 0
-- | 3 | RFK Stadium | Washington | DC | 0
-- | 4 | CommunityAmerica Ballpark | Kansas City | KS | 0
-- | 5 | Gillette Stadium | Foxborough | MA | 68756
create table venue(
    venueid smallint not null distkey sortkey,
    venuename varchar(100),
    venuecity varchar(30),
    venuestate char(2),
    venueseats integer);

copy venue
from 's3://run-bucket/docs/venue-fixedwidth/venue_fw.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
fixedwidth 'venueid:3,venuename:25,venuecity:12,venuestate:2,venueseats:6';
