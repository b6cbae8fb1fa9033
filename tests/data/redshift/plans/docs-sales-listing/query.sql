select * from sales, listing where sales.listid = listing.listid;
