CREATE TABLE customer_distkey
DISTKEY (c_custkey)
AS
SELECT * FROM customer;

CREATE TABLE orders_distkey
DISTKEY (o_custkey)
AS
SELECT * FROM orders;
