select
    c_name, o_totalprice
from
    customer, orders
where
    customer.c_custkey = orders.o_custkey limit 10;
