-- A small TPC-H-style star for the advisor's second-schema test (tests/integration/test_tune_advise.cpp):
-- lineitem and orders facts, customer, part, supplier and nation dimensions, in Redshift DDL.
-- The declared designs are the "seed" the advisor ranks: the fact tables co-distributed on the order key.
CREATE TABLE nation (
    n_nationkey INTEGER NOT NULL,
    n_name      CHAR(25) NOT NULL,
    n_regionkey INTEGER NOT NULL,
    PRIMARY KEY (n_nationkey)
)
DISTSTYLE ALL
SORTKEY (n_nationkey);

CREATE TABLE customer (
    c_custkey    INTEGER NOT NULL,
    c_name       VARCHAR(25) NOT NULL,
    c_nationkey  INTEGER NOT NULL,
    c_mktsegment CHAR(10) NOT NULL,
    c_acctbal    DECIMAL(15,2) NOT NULL,
    PRIMARY KEY (c_custkey)
)
DISTSTYLE KEY
DISTKEY (c_custkey)
SORTKEY (c_custkey);

CREATE TABLE supplier (
    s_suppkey   INTEGER NOT NULL,
    s_name      CHAR(25) NOT NULL,
    s_nationkey INTEGER NOT NULL,
    PRIMARY KEY (s_suppkey)
)
DISTSTYLE ALL;

CREATE TABLE part (
    p_partkey INTEGER NOT NULL,
    p_name    VARCHAR(55) NOT NULL,
    p_brand   CHAR(10) NOT NULL,
    p_size    INTEGER NOT NULL,
    PRIMARY KEY (p_partkey)
)
DISTSTYLE ALL;

CREATE TABLE orders (
    o_orderkey    BIGINT NOT NULL,
    o_custkey     INTEGER NOT NULL,
    o_orderstatus CHAR(1) NOT NULL,
    o_totalprice  DECIMAL(15,2) NOT NULL,
    o_orderdate   DATE NOT NULL,
    PRIMARY KEY (o_orderkey)
)
DISTSTYLE KEY
DISTKEY (o_orderkey)
SORTKEY (o_orderdate);

CREATE TABLE lineitem (
    l_orderkey      BIGINT NOT NULL,
    l_partkey       INTEGER NOT NULL,
    l_suppkey       INTEGER NOT NULL,
    l_linenumber    INTEGER NOT NULL,
    l_quantity      DECIMAL(15,2) NOT NULL,
    l_extendedprice DECIMAL(15,2) NOT NULL,
    l_discount      DECIMAL(15,2) NOT NULL,
    l_shipdate      DATE NOT NULL,
    l_shipmode      CHAR(10) NOT NULL
)
DISTSTYLE KEY
DISTKEY (l_orderkey)
SORTKEY (l_orderkey);
