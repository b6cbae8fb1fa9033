select * from category, event where category.catid=event.catid;
