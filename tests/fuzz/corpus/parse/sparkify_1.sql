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
