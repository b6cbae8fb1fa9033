-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load EVENT with options")
-- "If pairs of quotation marks are used to surround any character strings, they are removed. Both empty strings
-- and strings that contain blanks are loaded as NULL values. The load fails if more than 5 errors are returned.
-- Timestamp values must comply with the specified format". The page shows no input: five TICKIT-style EVENT
-- lines written for this case (a quoted name, an empty one, a blank one, a timestamp not in the format).
-- expect rows: SELECT eventid, venueid, catid, dateid, eventname, starttime FROM event ORDER BY eventid
-- | 1 | 305 | 8 | 1851 | Gotterdammerung | 2008-01-25 14:30:00
-- | 2 | 306 | 8 | 2114 | <null> | 2008-10-15 20:00:00
-- | 3 | 302 | 8 | 1935 | <null> | 2008-04-19 14:30:00
-- | 5 | 308 | 7 | 2112 | Chicago | 2008-10-13 20:00:00
-- expect rejects: event 1 4:1206
create table event(
    eventid integer not null distkey,
    venueid smallint not null,
    catid smallint not null,
    dateid smallint not null sortkey,
    eventname varchar(200),
    starttime timestamp);

copy event
from 's3://run-bucket/docs/event-options/allevents_pipe.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
removequotes
emptyasnull
blanksasnull
maxerror 5
delimiter '|'
timeformat 'YYYY-MM-DD HH:MI:SS';
