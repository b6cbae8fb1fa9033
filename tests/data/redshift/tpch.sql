-- TPC-H, in the style of amazon-redshift-utils' CloudDataWarehouseBenchmark/Cloud-DWB-Derived-from-TPCH DDL.

-- expect: table=region columns=3 diststyle=all sortkey=compound(r_regionkey) type.r_name=CHAR(25)
create table region (
  r_regionkey int4 not null,
  r_name char(25) not null ,
  r_comment varchar(152) not null,
  Primary Key(R_REGIONKEY)
) diststyle all sortkey(r_regionkey);

-- expect: table=nation columns=4 diststyle=all pk=n_nationkey fks=1
create table nation (
  n_nationkey int4 not null,
  n_name char(25) not null ,
  n_regionkey int4 not null,
  n_comment varchar(152) not null,
  Primary Key(N_NATIONKEY),
  foreign key (n_regionkey) references region (r_regionkey)
) diststyle all sortkey(n_nationkey);

-- expect: table=customer_h columns=8 distkey=c_custkey type.c_acctbal=DECIMAL(18,4) type.c_custkey=BIGINT
create table customer_h (
  c_custkey int8 not null ,
  c_name varchar(25) not null,
  c_address varchar(40) not null,
  c_nationkey int4 not null,
  c_phone char(15) not null,
  c_acctbal numeric(18,4) not null,
  c_mktsegment char(10) not null,
  c_comment varchar(117) not null,
  Primary Key(C_CUSTKEY)
) distkey(c_custkey) sortkey(c_custkey);

-- expect: table=orders columns=9 distkey=o_orderkey sortkey=compound(o_orderdate) type.o_orderdate=DATE
create table orders (
  o_orderkey int8 not null,
  o_custkey int8 not null,
  o_orderstatus char(1) not null,
  o_totalprice numeric(12,2) not null,
  o_orderdate date not null,
  o_orderpriority char(15) not null,
  o_clerk char(15) not null,
  o_shippriority int4 not null,
  o_comment varchar(79) not null,
  Primary Key(O_ORDERKEY)
) distkey(o_orderkey) sortkey(o_orderdate);

-- expect: table=part_h columns=9 distkey=p_partkey type.p_retailprice=DECIMAL(12,2) type.p_size=INTEGER
create table part_h (
  p_partkey int8 not null ,
  p_name varchar(55) not null,
  p_mfgr char(25) not null,
  p_brand char(10) not null,
  p_type varchar(25) not null,
  p_size int4 not null,
  p_container char(10) not null,
  p_retailprice numeric(12,2) not null,
  p_comment varchar(23) not null,
  PRIMARY KEY (P_PARTKEY)
) distkey(p_partkey) sortkey(p_partkey);

-- expect: table=supplier_h columns=7 diststyle=all type.s_acctbal=DECIMAL(12,2)
create table supplier_h (
  s_suppkey int4 not null,
  s_name char(25) not null,
  s_address varchar(40) not null,
  s_nationkey int4 not null,
  s_phone char(15) not null,
  s_acctbal numeric(12,2) not null,
  s_comment varchar(101) not null,
  Primary Key(S_SUPPKEY)
) diststyle all sortkey(s_suppkey);

-- expect: table=partsupp columns=5 distkey=ps_partkey pk=ps_partkey,ps_suppkey
create table partsupp (
  ps_partkey int8 not null,
  ps_suppkey int4 not null,
  ps_availqty int4 not null,
  ps_supplycost numeric(12,2) not null,
  ps_comment varchar(199) not null,
  Primary Key(PS_PARTKEY, PS_SUPPKEY)
) distkey(ps_partkey) sortkey(ps_partkey);

-- expect: table=lineitem columns=16 distkey=l_orderkey sortkey=compound(l_shipdate,l_orderkey) type.l_returnflag=CHAR(1)
-- expect: pk=l_orderkey,l_linenumber type.l_shipinstruct=CHAR(25)
create table lineitem (
  l_orderkey int8 not null ,
  l_partkey int8 not null,
  l_suppkey int4 not null,
  l_linenumber int4 not null,
  l_quantity numeric(12,2) not null,
  l_extendedprice numeric(12,2) not null,
  l_discount numeric(12,2) not null,
  l_tax numeric(12,2) not null,
  l_returnflag char(1) not null,
  l_linestatus char(1) not null,
  l_shipdate date not null ,
  l_commitdate date not null,
  l_receiptdate date not null,
  l_shipinstruct char(25) not null,
  l_shipmode char(10) not null,
  l_comment varchar(44) not null,
  Primary Key(L_ORDERKEY, L_LINENUMBER)
) distkey(l_orderkey) sortkey(l_shipdate,l_orderkey);
