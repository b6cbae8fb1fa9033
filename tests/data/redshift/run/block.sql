CREATE TABLE t (id INTEGER PRIMARY KEY);
BEGIN;
INSERT INTO t VALUES (1);
INSERT INTO t VALUES (1);
COMMIT;
INSERT INTO t VALUES (2);
-- starshift run: a failure inside BEGIN (the duplicate key at line 4) rolls the whole block back, and the script
-- stops there. tests/integration/test_script_runner.cpp checks the line numbers: keep the statements above in place.
