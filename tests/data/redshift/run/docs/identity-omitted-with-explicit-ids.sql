-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load data from a file with default values")
-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-column-mapping.html ("Column list")
-- "This statement fails because it doesn't include the IDENTITY column (VENUEID is missing from the column list)
-- yet includes an EXPLICIT_IDS parameter". It fails before a line is read.
-- The page creates venue_identity and loads "venue": the table is created as venue with venue_identity's definition.
-- The page does not show venue_pipe.txt: three lines of the page's venue data (ids 5, 7, 9, so that explicit ids
-- differ from generated ones), without VENUESEATS.
-- expect error: starshift.model.copy_explicit_ids_without_identity at line 17
-- expect empty: select * from venue
create table venue(
venueid int identity(1,1),
venuename varchar(100) not null,
venuecity varchar(30),
venuestate char(2),
venueseats integer not null default '1000');

copy venue(venuename, venuecity, venuestate)
from 's3://run-bucket/docs/identity-omitted-with-explicit-ids/venue_pipe.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
delimiter '|' explicit_ids;
