-- error: starshift.model.distkey_column_missing @+0
CREATE TABLE distkey_missing (a INTEGER, b INTEGER) DISTKEY (c);
