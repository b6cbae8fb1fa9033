-- Sparkify star schema for Redshift (Udacity Data Engineering, "Data Warehouse" project), written by hand from
-- sql/redshift/create_tables.sql and docs/sparkify.md. Must parse into the tables of sparkify::make_warehouse()
-- (tests/unit/test_parse_sparkify.cpp).

-- DROP TABLES

DROP TABLE IF EXISTS staging_events;
DROP TABLE IF EXISTS staging_songs;
DROP TABLE IF EXISTS songplays;
DROP TABLE IF EXISTS users;
DROP TABLE IF EXISTS songs;
DROP TABLE IF EXISTS artists;
DROP TABLE IF EXISTS time;

-- CREATE TABLES

-- staging tables: raw copies of the S3 JSON, spread evenly, not backed up
CREATE TABLE IF NOT EXISTS staging_events (
    artist          VARCHAR(512),
    auth            VARCHAR(64),
    first_name      VARCHAR(256),
    gender          VARCHAR(16),
    item_in_session INTEGER,
    last_name       VARCHAR(256),
    length          DOUBLE PRECISION,
    level           VARCHAR(16),
    location        VARCHAR(512),
    method          VARCHAR(16),
    page            VARCHAR(64),
    registration    DOUBLE PRECISION,
    session_id      INTEGER,
    song            VARCHAR(512),
    status          INTEGER,
    ts              TIMESTAMP,
    user_agent      VARCHAR(512),
    user_id         INTEGER
)
DISTSTYLE EVEN
BACKUP NO;

CREATE TABLE IF NOT EXISTS staging_songs (
    num_songs        INTEGER,
    artist_id        VARCHAR(32),
    artist_latitude  DOUBLE PRECISION,
    artist_longitude DOUBLE PRECISION,
    artist_location  VARCHAR(512),
    artist_name      VARCHAR(512),
    song_id          VARCHAR(32),
    title            VARCHAR(512),
    duration         DOUBLE PRECISION,
    year             INTEGER
)
DISTSTYLE EVEN
BACKUP NO;

-- fact table
CREATE TABLE IF NOT EXISTS songplays (
    songplay_id BIGINT IDENTITY(0,1) ENCODE AZ64 NOT NULL PRIMARY KEY,
    start_time  TIMESTAMP    ENCODE AZ64 NOT NULL REFERENCES time (start_time),
    user_id     INTEGER      ENCODE AZ64 NOT NULL REFERENCES users (user_id) DISTKEY,
    level       VARCHAR(16)  ENCODE ZSTD,
    song_id     VARCHAR(32)  ENCODE ZSTD NOT NULL REFERENCES songs (song_id),
    artist_id   VARCHAR(32)  ENCODE RAW  NOT NULL REFERENCES artists (artist_id) SORTKEY,
    session_id  INTEGER      ENCODE AZ64,
    location    VARCHAR(512) ENCODE ZSTD,
    user_agent  VARCHAR(512) ENCODE ZSTD
);

-- dimension tables: small, copied to every node
CREATE TABLE IF NOT EXISTS users (
    user_id    INTEGER      ENCODE RAW NOT NULL SORTKEY PRIMARY KEY,
    first_name VARCHAR(256) ENCODE ZSTD,
    last_name  VARCHAR(256) ENCODE ZSTD,
    gender     VARCHAR(16)  ENCODE ZSTD,
    level      VARCHAR(16)  ENCODE ZSTD
)
DISTSTYLE ALL;

CREATE TABLE IF NOT EXISTS songs (
    song_id   VARCHAR(32)      ENCODE RAW NOT NULL SORTKEY PRIMARY KEY,
    title     VARCHAR(512)     ENCODE ZSTD,
    artist_id VARCHAR(32)      ENCODE ZSTD,
    year      INTEGER          ENCODE AZ64,
    duration  DOUBLE PRECISION ENCODE ZSTD
)
DISTSTYLE ALL;

CREATE TABLE IF NOT EXISTS artists (
    artist_id VARCHAR(32)      ENCODE RAW NOT NULL SORTKEY PRIMARY KEY,
    name      VARCHAR(512)     ENCODE ZSTD,
    location  VARCHAR(512)     ENCODE ZSTD,
    latitude  DOUBLE PRECISION ENCODE ZSTD,
    longitude DOUBLE PRECISION ENCODE ZSTD
)
DISTSTYLE ALL;

CREATE TABLE IF NOT EXISTS time (
    start_time TIMESTAMP ENCODE RAW NOT NULL SORTKEY PRIMARY KEY,
    hour       INTEGER   ENCODE AZ64,
    day        INTEGER   ENCODE AZ64,
    week       INTEGER   ENCODE AZ64,
    month      INTEGER   ENCODE AZ64,
    year       INTEGER   ENCODE AZ64,
    weekday    INTEGER   ENCODE AZ64
)
DISTSTYLE ALL;

-- STAGING TABLES

COPY staging_events FROM 's3://udacity-dend/log_data'
IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'
FORMAT AS JSON 's3://udacity-dend/log_json_path.json'
REGION 'us-west-2'
TIMEFORMAT AS 'epochmillisecs'
COMPUPDATE OFF;

COPY staging_songs FROM 's3://udacity-dend/song_data'
IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'
FORMAT AS JSON 'auto'
REGION 'us-west-2'
COMPUPDATE OFF;
