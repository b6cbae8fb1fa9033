-- starshift run: statements passed to PostgreSQL as written, skips, transactions, and the first failure.
SET enable_result_cache_for_session TO off;
SET search_path TO public;
CREATE TABLE IF NOT EXISTS venue (
    venueid SMALLINT NOT NULL ENCODE az64,
    venuename VARCHAR(100) ENCODE zstd,
    venuecity VARCHAR(30),
    venueseats INTEGER
) DISTSTYLE ALL SORTKEY (venueid);
INSERT INTO venue VALUES (1, 'Toyota Park', 'Bridgeview', 0), (2, 'Columbus Crew Stadium', 'Columbus', 0);
CREATE VIEW big_venues AS SELECT venueid, venuename FROM venue WHERE venueseats > 1000;
UPDATE venue SET venueseats = 20000 WHERE venueid = 2;
ANALYZE venue;
ANALYZE COMPRESSION venue;
VACUUM venue TO 75 PERCENT;
/* an explicit transaction: rolled back */
BEGIN;
INSERT INTO venue VALUES (3, 'Rolled Back Arena', 'Nowhere', 1);
ROLLBACK;
BEGIN TRANSACTION;
INSERT INTO venue VALUES (4, 'Committed Hall', 'Somewhere', 5000);
COMMIT;
SELECT venueid, venuename FROM big_venues ORDER BY venueid;
DELETE FROM no_such_table WHERE id = 1;
INSERT INTO venue VALUES (5, 'Never Inserted', 'Nowhere', 1);
