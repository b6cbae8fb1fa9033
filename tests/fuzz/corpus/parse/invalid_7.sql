-- error: starshift.model.sortkey_column_missing @+0
CREATE TABLE sortkey_missing (a INT) SORTKEY (b);
