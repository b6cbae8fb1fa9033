-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html ("Load EVENT with options")
-- "If pairs of quotation marks are used to surround any character strings, they are removed. Both empty strings
-- and strings that contain blanks are loaded as NULL values." The page shows no data: allevents_pipe.txt holds
-- three lines in that shape (a quoted value may hold the delimiter).
-- expect rows: select eventid, catname, eventname, starttime from event order by eventid
-- | 1 | Shows | Opera night | 2008-09-26 05:43:12
-- | 2 | <null> | <null> | 2008-10-01 19:30:00
-- | 3 | Plays | Hamlet\|Act I | 2008-10-02 20:00:00
create table event (eventid integer not null, catname varchar(10), eventname varchar(200), starttime timestamp);

copy event
from 's3://run-bucket/docs/event-options/allevents_pipe.txt'
iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
removequotes
emptyasnull
blanksasnull
maxerror 5
delimiter '|'
timeformat 'YYYY-MM-DD HH:MI:SS';
