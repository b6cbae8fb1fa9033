-- Event and clickstream tables with many encodings, as analytics projects write them
-- (schema-qualified, quoted mixed-case names, ENCODE on every column, IDENTITY keys, DEFAULTs).

-- expect: table=analytics.page_views columns=12 distkey=session_id sortkey=compound(event_time) backup=yes
-- expect: encode.event_time=RAW encode.user_agent=ZSTD encode.http_status=MOSTLY8 encode.country=BYTEDICT
-- expect: encode.view_id=DELTA encode.referrer=TEXT32K encode.is_bot=RUNLENGTH identity.view_id=1,1
CREATE TABLE IF NOT EXISTS analytics.page_views (
    view_id        BIGINT IDENTITY(1, 1)     ENCODE DELTA,
    event_time     TIMESTAMP       NOT NULL  ENCODE RAW,
    session_id     VARCHAR(36)     NOT NULL  ENCODE LZO,
    user_id        BIGINT                    ENCODE AZ64,
    url            VARCHAR(2048)             ENCODE ZSTD,
    referrer       VARCHAR(2048)             ENCODE TEXT32K,
    user_agent     VARCHAR(1024)             ENCODE ZSTD,
    country        CHAR(2)                   ENCODE BYTEDICT,
    http_status    SMALLINT                  ENCODE MOSTLY8,
    load_ms        INTEGER                   ENCODE MOSTLY16,
    is_bot         BOOLEAN  DEFAULT FALSE    ENCODE RUNLENGTH,
    inserted_at    TIMESTAMP DEFAULT GETDATE() ENCODE AZ64
)
DISTSTYLE KEY
DISTKEY (session_id)
COMPOUND SORTKEY (event_time);
