-- Examples in the style of Redshift's "CREATE TABLE examples" page (r_CREATE_TABLE_examples), in schema docs.

-- expect: table=docs.sales columns=10 distkey=listid sortkey=compound(listid,sellerid) fks=4 pk=salesid
-- expect: encode.eventid=MOSTLY16 encode.qtysold=MOSTLY8 encode.pricepaid=DELTA32K
create table docs.sales(
salesid integer not null,
listid integer not null,
sellerid integer not null,
buyerid integer not null,
eventid integer not null encode mostly16,
dateid smallint not null,
qtysold smallint not null encode mostly8,
pricepaid decimal(8,2) encode delta32k,
commission decimal(8,2) encode delta32k,
saletime timestamp,
primary key(salesid),
foreign key(listid) references listing(listid),
foreign key(sellerid) references users(userid),
foreign key(buyerid) references users(userid),
foreign key(dateid) references date(dateid))
distkey(listid)
compound sortkey(listid,sellerid);
