create table users(
        userid integer not null sortkey,
        username char(8),
        firstname varchar(30),
        lastname varchar(30),
        city varchar(30),
        state char(2),
        email varchar(100),
        phone char(14),
        likesports boolean,
        liketheatre boolean,
        likeconcerts boolean,
        likejazz boolean,
        likeclassical boolean,
        likeopera boolean,
        likerock boolean,
        likevegas boolean,
        likebroadway boolean,
        likemusicals boolean,
        primary key(userid)) diststyle all;

create table venue(
        venueid smallint not null sortkey,
        venuename varchar(100),
        venuecity varchar(30),
        venuestate char(2),
        venueseats integer,
        primary key(venueid)) diststyle all;

create table category(
        catid smallint not null,
        catgroup varchar(10),
        catname varchar(10),
        catdesc varchar(50),
        primary key(catid)) diststyle all;

create table date(
        dateid smallint not null sortkey,
        caldate date not null,
        day character(3) not null,
        week smallint not null,
        month character(5) not null,
        qtr character(5) not null,
        year smallint not null,
        holiday boolean default('N'),
        primary key (dateid)) diststyle all;

create table event(
        eventid integer not null sortkey,
        venueid smallint not null,
        catid smallint not null,
        dateid smallint not null,
        eventname varchar(200),
        starttime timestamp,
        primary key(eventid),
        foreign key(venueid) references venue(venueid),
        foreign key(catid) references category(catid),
        foreign key(dateid) references date(dateid)) diststyle all;
