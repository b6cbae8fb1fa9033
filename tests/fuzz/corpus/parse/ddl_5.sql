-- Foreign keys with MATCH and referential actions (accepted by Redshift;
informational there).
-- expect: table=orders fks=2 pk=o_orderkey
CREATE TABLE orders (
    o_orderkey   BIGINT NOT NULL,
    o_custkey    BIGINT NOT NULL REFERENCES customer (c_custkey) MATCH FULL ON DELETE CASCADE,
    o_clerk      CHAR(15),
    o_shiptime   TIME,
    PRIMARY KEY (o_orderkey),
    FOREIGN KEY (o_clerk) REFERENCES clerks (clerk_id) ON UPDATE NO ACTION ON DELETE SET NULL
);
