-- Star Schema Benchmark (SSB), as in Redshift's "Tutorial: Tuning table design" (tutorial-tuning-tables),
-- final step: distribution and sort keys chosen, encodings from ANALYZE COMPRESSION.

-- expect: table=part columns=9 diststyle=all sortkey=compound(p_partkey) pk=p_partkey
CREATE TABLE part (
  p_partkey     INTEGER     NOT NULL SORTKEY,
  p_name        VARCHAR(22) NOT NULL ENCODE ZSTD,
  p_mfgr        VARCHAR(6)  NOT NULL ENCODE BYTEDICT,
  p_category    VARCHAR(7)  NOT NULL ENCODE BYTEDICT,
  p_brand1      VARCHAR(9)  NOT NULL ENCODE BYTEDICT,
  p_color       VARCHAR(11) NOT NULL ENCODE ZSTD,
  p_type        VARCHAR(25) NOT NULL ENCODE ZSTD,
  p_size        INTEGER     NOT NULL ENCODE AZ64,
  p_container   VARCHAR(10) NOT NULL ENCODE BYTEDICT,
  PRIMARY KEY (p_partkey)
)
DISTSTYLE ALL;

-- expect: table=supplier columns=7 diststyle=all sortkey=compound(s_suppkey) type.s_name=VARCHAR(25)
CREATE TABLE supplier (
  s_suppkey   INTEGER     NOT NULL SORTKEY,
  s_name      VARCHAR(25) NOT NULL,
  s_address   VARCHAR(25) NOT NULL,
  s_city      VARCHAR(10) NOT NULL,
  s_nation    VARCHAR(15) NOT NULL,
  s_region    VARCHAR(12) NOT NULL,
  s_phone     VARCHAR(15) NOT NULL,
  PRIMARY KEY (s_suppkey)
)
diststyle all;

-- expect: table=customer columns=8 diststyle=all encode.c_mktsegment=BYTEDICT notnull.c_phone=yes
create table customer (
  c_custkey      integer        not null sortkey,
  c_name         varchar(25)    not null encode zstd,
  c_address      varchar(25)    not null encode zstd,
  c_city         varchar(10)    not null encode bytedict,
  c_nation       varchar(15)    not null encode bytedict,
  c_region       varchar(12)    not null encode bytedict,
  c_phone        varchar(15)    not null encode zstd,
  c_mktsegment   varchar(10)    not null encode bytedict,
  primary key (c_custkey)
)
diststyle all;

-- expect: table=dwdate columns=17 diststyle=all sortkey=compound(d_datekey) type.d_holidayfl=VARCHAR(1)
CREATE TABLE dwdate (
  d_datekey            INTEGER       NOT NULL SORTKEY,
  d_date               VARCHAR(19)   NOT NULL,
  d_dayofweek          VARCHAR(10)   NOT NULL,
  d_month              VARCHAR(10)   NOT NULL,
  d_year               INTEGER       NOT NULL,
  d_yearmonthnum       INTEGER       NOT NULL,
  d_yearmonth          VARCHAR(8)    NOT NULL,
  d_daynuminweek       INTEGER       NOT NULL,
  d_daynuminmonth      INTEGER       NOT NULL,
  d_daynuminyear       INTEGER       NOT NULL,
  d_monthnuminyear     INTEGER       NOT NULL,
  d_weeknuminyear      INTEGER       NOT NULL,
  d_sellingseason      VARCHAR(13)   NOT NULL,
  d_lastdayinweekfl    VARCHAR(1)    NOT NULL,
  d_lastdayinmonthfl   VARCHAR(1)    NOT NULL,
  d_holidayfl          VARCHAR(1)    NOT NULL,
  d_weekdayfl          VARCHAR(1)    NOT NULL
)
DISTSTYLE ALL;

-- expect: table=lineorder columns=17 diststyle=key distkey=lo_partkey sortkey=compound(lo_orderdate) fks=4
-- expect: type.lo_revenue=INTEGER encode.lo_orderdate=RAW encode.lo_shipmode=BYTEDICT
CREATE TABLE lineorder (
  lo_orderkey          INTEGER     NOT NULL ENCODE AZ64,
  lo_linenumber        INTEGER     NOT NULL ENCODE AZ64,
  lo_custkey           INTEGER     NOT NULL ENCODE AZ64 REFERENCES customer (c_custkey),
  lo_partkey           INTEGER     NOT NULL DISTKEY ENCODE RAW REFERENCES part (p_partkey),
  lo_suppkey           INTEGER     NOT NULL ENCODE AZ64 REFERENCES supplier,
  lo_orderdate         INTEGER     NOT NULL SORTKEY ENCODE RAW REFERENCES dwdate (d_datekey),
  lo_orderpriority     VARCHAR(15) NOT NULL ENCODE BYTEDICT,
  lo_shippriority      VARCHAR(1)  NOT NULL ENCODE RUNLENGTH,
  lo_quantity          INTEGER     NOT NULL ENCODE AZ64,
  lo_extendedprice     INTEGER     NOT NULL ENCODE AZ64,
  lo_ordertotalprice   INTEGER     NOT NULL ENCODE AZ64,
  lo_discount          INTEGER     NOT NULL ENCODE AZ64,
  lo_revenue           INTEGER     NOT NULL ENCODE AZ64,
  lo_supplycost        INTEGER     NOT NULL ENCODE AZ64,
  lo_tax               INTEGER     NOT NULL ENCODE AZ64,
  lo_commitdate        INTEGER     NOT NULL ENCODE DELTA,
  lo_shipmode          VARCHAR(10) NOT NULL ENCODE BYTEDICT
);

-- The tutorial's first, untuned version of the fact table: no keys, Redshift picks (AUTO).
-- expect: table=lineorder_untuned columns=5 diststyle=auto distkey=none sortkey=auto encode.lo_orderkey=none
CREATE TABLE lineorder_untuned (
  lo_orderkey   INTEGER NOT NULL,
  lo_linenumber INTEGER NOT NULL,
  lo_custkey    INTEGER NOT NULL,
  lo_orderdate  INTEGER NOT NULL,
  lo_revenue    INTEGER NOT NULL
);

-- The interleaved variant from "Comparing sort styles" (t_Sorting_data-compare-sort-styles).
-- expect: table=lineorder_interleaved sortkey=interleaved(lo_orderdate,lo_custkey,lo_partkey,lo_suppkey) distkey=lo_custkey
CREATE TABLE lineorder_interleaved (
  lo_orderkey   INTEGER NOT NULL,
  lo_custkey    INTEGER NOT NULL,
  lo_partkey    INTEGER NOT NULL,
  lo_suppkey    INTEGER NOT NULL,
  lo_orderdate  INTEGER NOT NULL,
  lo_revenue    INTEGER NOT NULL
)
DISTSTYLE KEY DISTKEY (lo_custkey)
INTERLEAVED SORTKEY (lo_orderdate, lo_custkey, lo_partkey, lo_suppkey);
