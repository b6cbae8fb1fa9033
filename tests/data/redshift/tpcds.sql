-- TPC-DS (subset), in the style of amazon-redshift-utils' Cloud-DWB-Derived-from-TPCDS DDL: facts distributed on
-- the item or customer key, dimensions ALL or KEY, sorted on the date surrogate key.

-- expect: table=date_dim columns=10 diststyle=all sortkey=compound(d_date_sk) type.d_date_id=CHAR(16)
create table date_dim (
    d_date_sk integer not null,
    d_date_id char(16) not null,
    d_date date,
    d_month_seq integer,
    d_week_seq integer,
    d_quarter_seq integer,
    d_year integer,
    d_dow integer,
    d_moy integer,
    d_day_name char(9),
    primary key (d_date_sk)
) diststyle all sortkey (d_date_sk);

-- expect: table=time_dim columns=6 diststyle=all type.t_am_pm=CHAR(2)
create table time_dim (
    t_time_sk integer not null,
    t_time_id char(16) not null,
    t_time integer,
    t_hour integer,
    t_minute integer,
    t_am_pm char(2),
    primary key (t_time_sk)
) diststyle all;

-- expect: table=item columns=9 distkey=i_item_sk sortkey=compound(i_category) type.i_current_price=DECIMAL(7,2)
create table item (
    i_item_sk integer not null,
    i_item_id char(16) not null,
    i_rec_start_date date,
    i_rec_end_date date,
    i_item_desc varchar(200),
    i_current_price decimal(7,2),
    i_brand varchar(50),
    i_class varchar(50),
    i_category varchar(50),
    primary key (i_item_sk)
) distkey(i_item_sk) sortkey(i_category);

-- expect: table=customer_ds columns=8 distkey=c_customer_sk fks=1
create table customer_ds (
    c_customer_sk integer not null,
    c_customer_id char(16) not null,
    c_current_addr_sk integer,
    c_first_name char(20),
    c_last_name char(30),
    c_birth_year integer,
    c_email_address char(50),
    c_last_review_date_sk integer,
    primary key (c_customer_sk),
    foreign key (c_current_addr_sk) references customer_address (ca_address_sk)
) distkey(c_customer_sk);

-- expect: table=customer_address columns=7 distkey=ca_address_sk type.ca_gmt_offset=DECIMAL(5,2)
create table customer_address (
    ca_address_sk integer not null,
    ca_address_id char(16) not null,
    ca_street_name varchar(60),
    ca_city varchar(60),
    ca_state char(2),
    ca_zip char(10),
    ca_gmt_offset decimal(5,2),
    primary key (ca_address_sk)
) distkey(ca_address_sk);

-- expect: table=customer_demographics columns=5 diststyle=all type.cd_gender=CHAR(1)
create table customer_demographics (
    cd_demo_sk integer not null,
    cd_gender char(1),
    cd_marital_status char(1),
    cd_education_status char(20),
    cd_purchase_estimate integer,
    primary key (cd_demo_sk)
) diststyle all;

-- expect: table=store columns=6 diststyle=all type.s_tax_precentage=DECIMAL(5,2)
create table store (
    s_store_sk integer not null,
    s_store_id char(16) not null,
    s_store_name varchar(50),
    s_number_employees integer,
    s_state char(2),
    s_tax_precentage decimal(5,2),
    primary key (s_store_sk)
) diststyle all;

-- expect: table=promotion columns=5 diststyle=all type.p_cost=DECIMAL(15,2)
create table promotion (
    p_promo_sk integer not null,
    p_promo_id char(16) not null,
    p_cost decimal(15,2),
    p_channel_email char(1),
    p_discount_active char(1),
    primary key (p_promo_sk)
) diststyle all;

-- expect: table=store_sales columns=12 distkey=ss_item_sk sortkey=compound(ss_sold_date_sk) pk=ss_item_sk,ss_ticket_number
-- expect: type.ss_ticket_number=BIGINT type.ss_net_profit=DECIMAL(7,2)
create table store_sales (
    ss_sold_date_sk int4,
    ss_sold_time_sk int4,
    ss_item_sk int4 not null,
    ss_customer_sk int4,
    ss_store_sk int4,
    ss_promo_sk int4,
    ss_ticket_number int8 not null,
    ss_quantity int4,
    ss_wholesale_cost numeric(7,2),
    ss_sales_price numeric(7,2),
    ss_ext_sales_price numeric(7,2),
    ss_net_profit numeric(7,2),
    primary key (ss_item_sk, ss_ticket_number)
) distkey(ss_item_sk) sortkey(ss_sold_date_sk);

-- expect: table=store_returns columns=7 distkey=sr_item_sk sortkey=compound(sr_returned_date_sk)
create table store_returns (
    sr_returned_date_sk int4,
    sr_item_sk int4 not null,
    sr_customer_sk int4,
    sr_ticket_number int8 not null,
    sr_return_quantity int4,
    sr_return_amt numeric(7,2),
    sr_net_loss numeric(7,2),
    primary key (sr_item_sk, sr_ticket_number)
) distkey(sr_item_sk) sortkey(sr_returned_date_sk);

-- expect: table=catalog_sales columns=8 distkey=cs_item_sk sortkey=compound(cs_sold_date_sk)
create table catalog_sales (
    cs_sold_date_sk int4,
    cs_bill_customer_sk int4,
    cs_item_sk int4 not null,
    cs_promo_sk int4,
    cs_order_number int8 not null,
    cs_quantity int4,
    cs_sales_price numeric(7,2),
    cs_net_profit numeric(7,2),
    primary key (cs_item_sk, cs_order_number)
) distkey(cs_item_sk) sortkey(cs_sold_date_sk);

-- expect: table=web_sales columns=7 distkey=ws_order_number type.ws_order_number=BIGINT
create table web_sales (
    ws_sold_date_sk int4,
    ws_item_sk int4 not null,
    ws_bill_customer_sk int4,
    ws_order_number int8 not null,
    ws_quantity int4,
    ws_sales_price numeric(7,2),
    ws_net_profit numeric(7,2),
    primary key (ws_item_sk, ws_order_number)
) distkey(ws_order_number) sortkey(ws_sold_date_sk);

-- expect: table=inventory columns=4 distkey=inv_item_sk sortkey=compound(inv_date_sk,inv_item_sk)
create table inventory (
    inv_date_sk int4 not null,
    inv_item_sk int4 not null,
    inv_warehouse_sk int4 not null,
    inv_quantity_on_hand int4,
    primary key (inv_date_sk, inv_item_sk, inv_warehouse_sk)
) distkey(inv_item_sk) sortkey(inv_date_sk, inv_item_sk);
