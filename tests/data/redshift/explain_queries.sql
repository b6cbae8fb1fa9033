-- Two queries for `starshift explain` (tests/programs.cmake): the first joins a table no DDL declares, so it is
-- reported and the second is still planned.
select * from category, missing_table where category.catid = missing_table.catid;
select * from category, event where category.catid = event.catid;
