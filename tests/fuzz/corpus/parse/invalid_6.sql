-- error: starshift.model.interleaved_sortkey_too_wide @+0
CREATE TABLE wide_interleaved (c1 INT, c2 INT, c3 INT, c4 INT, c5 INT, c6 INT, c7 INT, c8 INT, c9 INT)
INTERLEAVED SORTKEY (c1, c2, c3, c4, c5, c6, c7, c8, c9);
