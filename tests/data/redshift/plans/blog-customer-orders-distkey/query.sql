select
    c_name, o_totalprice
from
    customer_distkey, orders_distkey
where
    customer_distkey.c_custkey = orders_distkey.o_custkey limit 10;
