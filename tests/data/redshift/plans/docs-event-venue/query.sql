select eventid, eventname, event.venueid, venuename
from event, venue
where event.venueid = venue.venueid;
