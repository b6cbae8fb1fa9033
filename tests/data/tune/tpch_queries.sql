-- The workload of the TPC-H-style star (tpch.sql): each statement is named by the comment before it.

-- revenue_1995: revenue of the lines shipped in 1995, per ship mode
SELECT l.l_shipmode, SUM(l.l_extendedprice * (1 - l.l_discount)) AS revenue
FROM lineitem l
JOIN orders o ON o.o_orderkey = l.l_orderkey
WHERE l.l_shipdate >= DATE '1995-01-01' AND l.l_shipdate <= DATE '1995-12-31'
GROUP BY l.l_shipmode;

-- customer_orders_q1: orders of the first quarter of 1996 per nation of the customer
SELECT c.c_nationkey, COUNT(*) AS orders
FROM orders o
JOIN customer c ON c.c_custkey = o.o_custkey
WHERE o.o_orderdate BETWEEN DATE '1996-01-01' AND DATE '1996-03-31'
GROUP BY c.c_nationkey;

-- brand_quantity: quantity sold of one brand
SELECT p.p_brand, SUM(l.l_quantity) AS quantity
FROM lineitem l
JOIN part p ON p.p_partkey = l.l_partkey
WHERE p.p_brand = 'Brand#12'
GROUP BY p.p_brand;

-- supplier_nations: lines per supplier nation
SELECT n.n_name, COUNT(*) AS lines
FROM lineitem l
JOIN supplier s ON s.s_suppkey = l.l_suppkey
JOIN nation n ON n.n_nationkey = s.s_nationkey
GROUP BY n.n_name;
