-- expect: table=events.sessions columns=6 diststyle=key distkey=user_id sortkey=compound(started_at) fks=1
-- expect: type.duration_s=REAL encode.duration_s=ZSTD type.started_at=TIMESTAMPTZ
CREATE TABLE events.sessions (
  session_id   VARCHAR(36) NOT NULL ENCODE ZSTD PRIMARY KEY,
  user_id      BIGINT      NOT NULL ENCODE AZ64 REFERENCES events.users (user_id),
  started_at   TIMESTAMP WITH TIME ZONE NOT NULL ENCODE RAW,
  ended_at     TIMESTAMP WITH TIME ZONE ENCODE AZ64,
  duration_s   FLOAT4 ENCODE ZSTD,
  pages        INT2 ENCODE DELTA
)
DISTKEY (user_id)
SORTKEY (started_at);
