CREATE TABLE t (id INTEGER NOT NULL);
BEGIN;
INSERT INTO t VALUES (1);
INSERT INTO t VALUES (NULL);
COMMIT;
INSERT INTO t VALUES (2);
-- starshift run: a failure inside BEGIN (the NULL in a NOT NULL column at line 4: Redshift enforces NOT NULL, not
-- keys) rolls the whole block back, and the script stops there. tests/integration/test_script_runner.cpp checks the
-- line numbers: keep the statements above in place.
