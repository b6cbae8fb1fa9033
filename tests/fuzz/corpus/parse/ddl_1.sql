-- The CREATE TABLE forms and types of Redshift's reference beyond the basic ones. Statements marked "verbatim" are
-- copied from the page named;
-- verbatim: r_CREATE_TABLE_examples (case-insensitive column)
-- expect: table=t1 collate.col1=case_insensitive type.col1=VARCHAR(20)
create table T1 (
  col1 Varchar(20) collate case_insensitive
 );
