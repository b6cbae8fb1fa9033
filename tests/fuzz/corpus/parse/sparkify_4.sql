-- dimension tables: small, copied to every node
CREATE TABLE IF NOT EXISTS users (
    user_id    INTEGER      ENCODE RAW NOT NULL SORTKEY PRIMARY KEY,
    first_name VARCHAR(256) ENCODE ZSTD,
    last_name  VARCHAR(256) ENCODE ZSTD,
    gender     VARCHAR(16)  ENCODE ZSTD,
    level      VARCHAR(16)  ENCODE ZSTD
)
DISTSTYLE ALL;
