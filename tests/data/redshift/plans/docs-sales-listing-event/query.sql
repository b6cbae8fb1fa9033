select * from sales, listing, event
where sales.listid = listing.listid and sales.eventid = event.eventid;
