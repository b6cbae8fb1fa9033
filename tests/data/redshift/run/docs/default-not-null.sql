-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load data from a file with default values")
-- doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-column-mapping.html ("Column list")
-- "the following COPY statement fails because no DEFAULT value was specified for VENUENAME, and VENUENAME is a NOT
-- NULL column". The page's COPY names table venue "using the same table definition" as venue_new: venue is
-- created with that definition. The COPY fails before a line is read.
-- expect error: starshift.model.copy_not_null_column_omitted at line 15
-- expect empty: select * from venue
create table venue(
venueid smallint not null,
venuename varchar(100) not null,
venuecity varchar(30),
venuestate char(2),
venueseats integer not null default '1000');

copy venue(venueid, venuecity, venuestate)
from 's3://run-bucket/docs/default-not-null/venue_pipe.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
delimiter '|';
