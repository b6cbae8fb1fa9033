-- error: starshift.model.multiple_distkeys @+3
CREATE TABLE column_and_table_distkey (
  a INTEGER DISTKEY,
  b INTEGER)
DISTKEY (b);
