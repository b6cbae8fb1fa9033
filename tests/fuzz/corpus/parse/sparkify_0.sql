-- Sparkify star schema for Redshift (Udacity Data Engineering, "Data Warehouse" project), written by hand from
-- sql/redshift/create_tables.sql and docs/sparkify.md. Must parse into the tables of sparkify::make_warehouse()
-- (tests/unit/test_parse_sparkify.cpp).

-- DROP TABLES

DROP TABLE IF EXISTS staging_events;
