-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load LISTING from a pipe-delimited file (default delimiter)")
-- "no options are specified and the input file contains the default delimiter, a pipe character". The page shows
-- no input: two TICKIT-style listing lines written for this case.
-- expect rows: SELECT listid, sellerid, eventid, dateid, numtickets, priceperticket, totalprice, listtime
-- +   FROM listing ORDER BY listid
-- | 1 | 36861 | 7872 | 1850 | 10 | 23.00 | 230.00 | 2008-01-24 06:43:29
-- | 2 | 8117 | 4337 | 1970 | 2 | 86.00 | 172.00 | 2008-05-17 02:03:36
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
from 's3://run-bucket/docs/listing-pipe-default/listings_pipe.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole';
