-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load LISTING from a pipe-delimited file (default delimiter)")
-- The page shows no data: listings_pipe.txt holds three lines in the TICKIT sample's pipe-delimited layout. No
-- option is given: the default text format with the pipe delimiter.
-- expect rows: select listid, sellerid, eventid, dateid, numtickets, priceperticket, totalprice, listtime
-- + from listing order by listid
-- | 1 | 36861 | 7872 | 1850 | 10 | 728.00 | 7280.00 | 2008-01-24 06:43:29
-- | 4 | 8117 | 4337 | 1970 | 8 | 175.00 | 1400.00 | 2008-05-24 01:18:37
-- | 5 | 1616 | 8647 | 1963 | 4 | 154.00 | 616.00 | 2008-05-17 02:49:45
create table listing(
    listid integer not null distkey,
    sellerid integer not null,
    eventid integer not null,
    dateid smallint not null sortkey,
    numtickets smallint not null,
    priceperticket decimal(8,2),
    totalprice decimal(8,2),
    listtime timestamp);

copy listing
from 's3://run-bucket/docs/listing-pipe/listings_pipe.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole';
