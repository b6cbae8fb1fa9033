-- UNLOAD → COPY of the same table gives the same rows, for every format (text with ESCAPE, CSV, JSON, fixed width,
-- GZIP/ZSTD/BZIP2, ADDQUOTES, PARALLEL OFF with HEADER, MANIFEST and MAXFILESIZE). Run by
-- tests/integration/starshift-run-unload.sh with --s3-map (a local folder) and with --s3-endpoint (s3rver).
-- Each check divides by zero when the copy differs from the source, so a difference stops the run.
-- https://docs.aws.amazon.com/redshift/latest/dg/r_UNLOAD.html
-- https://docs.aws.amazon.com/redshift/latest/dg/t_Reloading_unload_files.html
CREATE TABLE venue (
    venueid INTEGER NOT NULL,
    venuename VARCHAR(100),
    venuecity VARCHAR(30),
    venuestate CHAR(2),
    venueseats BIGINT,
    opened DATE,
    updated TIMESTAMP,
    active BOOLEAN,
    price DECIMAL(8,2),
    ratio DOUBLE PRECISION
);
INSERT INTO venue VALUES
    (1, 'Pinewood Race|track', 'Akron', 'OH', 0, '2008-01-02', '2008-06-18 02:36:48.5', true, 12.5, 1.5),
    (2, 'Columbus "Crew" Stadium', 'Back\slash', 'OH', NULL, NULL, NULL, NULL, NULL, NULL),
    (4, 'Community, Ballpark, Arena', 'Kansas' || chr(10) || 'City', 'KS', 9000000000, '1999-12-31', '2008-06-18 02:36:48',
     false, -3, 0.1),
    (5, '', 'tab' || chr(9) || 'here', 'MA', 68756, '2020-02-29', '2020-02-29 23:59:59.999999', true, 0.01, -2.5e-10),
    (6, 'Caf' || chr(233) || ' ''quoted''', 'carriage' || chr(13) || 'return', NULL, 1, '2008-01-02', '2008-06-18 00:00:00', NULL,
     999999.99, 1e300),
    (7, NULL, NULL, 'NY', 3, '2008-01-02', '2008-06-18 00:00:00', true, 1, 3);

-- Pipe-delimited text with ESCAPE; NULL AS the COPY default \N (t_Reloading_unload_files).
UNLOAD ('select * from venue order by venueid') TO 's3://unload-bucket/text/venue_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' ESCAPE NULL AS '\\N';
CREATE TABLE venue_text (LIKE venue);
COPY venue_text FROM 's3://unload-bucket/text/venue_' IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' ESCAPE;
SELECT 1 / (SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 0 END FROM
    ((SELECT * FROM venue EXCEPT ALL SELECT * FROM venue_text) UNION ALL
     (SELECT * FROM venue_text EXCEPT ALL SELECT * FROM venue)) d) AS text_round_trip;

-- CSV with a header in every file.
UNLOAD ('select * from venue') TO 's3://unload-bucket/csv/venue_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' FORMAT AS CSV HEADER NULL AS '\\N';
CREATE TABLE venue_csv (LIKE venue);
COPY venue_csv FROM 's3://unload-bucket/csv/venue_' IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
CSV IGNOREHEADER 1;
SELECT 1 / (SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 0 END FROM
    ((SELECT * FROM venue EXCEPT ALL SELECT * FROM venue_csv) UNION ALL
     (SELECT * FROM venue_csv EXCEPT ALL SELECT * FROM venue)) d) AS csv_round_trip;

-- JSON lines.
UNLOAD ('select * from venue -- a trailing comment must not swallow what starshift adds')
TO 's3://unload-bucket/json/venue_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' FORMAT JSON;
CREATE TABLE venue_json (LIKE venue);
COPY venue_json FROM 's3://unload-bucket/json/venue_' IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
FORMAT AS JSON 'auto' TIMEFORMAT 'auto';
SELECT 1 / (SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 0 END FROM
    ((SELECT * FROM venue EXCEPT ALL SELECT * FROM venue_json) UNION ALL
     (SELECT * FROM venue_json EXCEPT ALL SELECT * FROM venue)) d) AS json_round_trip;

-- Fixed width (values without line ends or trailing blanks: fixed-width files have neither).
CREATE TABLE venue_fw_source (venueid INTEGER, venuename VARCHAR(40), venuestate CHAR(2), venueseats BIGINT,
    opened DATE);
INSERT INTO venue_fw_source SELECT venueid, venuename, venuestate, venueseats, opened FROM venue
WHERE venueid IN (1, 2, 4, 7);
UNLOAD ('select * from venue_fw_source') TO 's3://unload-bucket/fw/venue_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
FIXEDWIDTH AS 'venueid:3,venuename:40,venuestate:2,venueseats:12,opened:10' NULL AS '\\N';
CREATE TABLE venue_fw (LIKE venue_fw_source);
COPY venue_fw FROM 's3://unload-bucket/fw/venue_' IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
FIXEDWIDTH 'venueid:3,venuename:40,venuestate:2,venueseats:12,opened:10' TRIMBLANKS;
SELECT 1 / (SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 0 END FROM
    ((SELECT * FROM venue_fw_source EXCEPT ALL SELECT * FROM venue_fw) UNION ALL
     (SELECT * FROM venue_fw EXCEPT ALL SELECT * FROM venue_fw_source)) d) AS fixedwidth_round_trip;

-- Compressed: GZIP, ZSTD, BZIP2 (tab-delimited, as "Unload VENUE to a set of tab-delimited GZIP-compressed files").
UNLOAD ('select * from venue') TO 's3://unload-bucket/gz/venue_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
DELIMITER AS '\t' ESCAPE NULL AS '\\N' GZIP;
CREATE TABLE venue_gz (LIKE venue);
COPY venue_gz FROM 's3://unload-bucket/gz/venue_' IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
DELIMITER '\t' ESCAPE GZIP;
UNLOAD ('select * from venue') TO 's3://unload-bucket/zst/venue_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
ESCAPE NULL AS '\\N' ZSTD;
CREATE TABLE venue_zst (LIKE venue);
COPY venue_zst FROM 's3://unload-bucket/zst/venue_' IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
ESCAPE ZSTD;
UNLOAD ('select * from venue') TO 's3://unload-bucket/bz2/venue_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
FORMAT CSV NULL AS '\\N' BZIP2;
CREATE TABLE venue_bz2 (LIKE venue);
COPY venue_bz2 FROM 's3://unload-bucket/bz2/venue_' IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
CSV BZIP2;
SELECT 1 / (SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 0 END FROM
    ((SELECT * FROM venue EXCEPT ALL SELECT * FROM venue_gz) UNION ALL
     (SELECT * FROM venue_gz EXCEPT ALL SELECT * FROM venue) UNION ALL
     (SELECT * FROM venue EXCEPT ALL SELECT * FROM venue_zst) UNION ALL
     (SELECT * FROM venue_zst EXCEPT ALL SELECT * FROM venue) UNION ALL
     (SELECT * FROM venue EXCEPT ALL SELECT * FROM venue_bz2) UNION ALL
     (SELECT * FROM venue_bz2 EXCEPT ALL SELECT * FROM venue)) d) AS compressed_round_trip;

-- ADDQUOTES with ESCAPE, reloaded with REMOVEQUOTES ("you must specify REMOVEQUOTES in the COPY").
UNLOAD ('select * from venue') TO 's3://unload-bucket/quoted/venue_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' DELIMITER ',' ADDQUOTES ESCAPE NULL AS '\\N';
CREATE TABLE venue_quoted (LIKE venue);
COPY venue_quoted FROM 's3://unload-bucket/quoted/venue_' IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
DELIMITER ',' REMOVEQUOTES ESCAPE;
SELECT 1 / (SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 0 END FROM
    ((SELECT * FROM venue EXCEPT ALL SELECT * FROM venue_quoted) UNION ALL
     (SELECT * FROM venue_quoted EXCEPT ALL SELECT * FROM venue)) d) AS addquotes_round_trip;

-- PARALLEL OFF with MANIFEST VERBOSE, reloaded through the manifest; a larger table split by MAXFILESIZE 5 MB.
CREATE TABLE numbers (n BIGINT, label VARCHAR(200));
CREATE TABLE digits (d INTEGER);
INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
INSERT INTO numbers
SELECT g, repeat('x', 100) || g
FROM (SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS g
      FROM digits a CROSS JOIN digits b CROSS JOIN digits c CROSS JOIN digits e CROSS JOIN digits f) AS s
WHERE g <= 60000;
UNLOAD ('select * from numbers order by n') TO 's3://unload-bucket/serial/numbers_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' PARALLEL OFF MAXFILESIZE 5 MB MANIFEST VERBOSE;
CREATE TABLE numbers_back (LIKE numbers);
COPY numbers_back FROM 's3://unload-bucket/serial/numbers_manifest'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' MANIFEST;
SELECT 1 / (SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 0 END FROM
    ((SELECT * FROM numbers EXCEPT ALL SELECT * FROM numbers_back) UNION ALL
     (SELECT * FROM numbers_back EXCEPT ALL SELECT * FROM numbers)) d) AS manifest_round_trip;

-- ALLOWOVERWRITE replaces the files of an earlier UNLOAD; CLEANPATH removes everything under the prefix first.
UNLOAD ('select * from venue where venueid < 3') TO 's3://unload-bucket/text/venue_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' ESCAPE NULL AS '\\N' ALLOWOVERWRITE;
CREATE TABLE venue_overwritten (LIKE venue);
COPY venue_overwritten FROM 's3://unload-bucket/text/venue_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' ESCAPE;
SELECT 1 / (SELECT CASE WHEN count(*) = 2 THEN 1 ELSE 0 END FROM venue_overwritten) AS allowoverwrite_rows;
UNLOAD ('select * from venue where venueid = 1') TO 's3://unload-bucket/serial/numbers_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' PARALLEL OFF ESCAPE NULL AS '\\N' CLEANPATH;
CREATE TABLE venue_cleaned (LIKE venue);
COPY venue_cleaned FROM 's3://unload-bucket/serial/numbers_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' ESCAPE;
SELECT 1 / (SELECT CASE WHEN count(*) = 1 THEN 1 ELSE 0 END FROM venue_cleaned) AS cleanpath_rows;
