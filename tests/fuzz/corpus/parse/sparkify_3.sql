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
