/* TICKIT, the sample database of Redshift's "Getting started" guide and of most SQL reference examples
   (c_sampledb), as the documentation creates it: column-level DISTKEY and SORTKEY, lower-case keywords. */

-- expect: table=users columns=18 distkey=userid diststyle=key sortkey=compound(userid) type.username=CHAR(8)
-- expect: type.likesports=BOOLEAN notnull.userid=yes notnull.city=no
create table users(
	userid integer not null distkey sortkey,
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
	likemusicals boolean);
