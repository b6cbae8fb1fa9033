-- expect: table=events.app_events columns=10 diststyle=even sortkey=interleaved(event_name,event_date) temp=no
-- expect: type.payload=VARCHAR(MAX) type.event_ts=TIMESTAMPTZ encode.payload=ZSTD encode.event_date=RAW
create table events.app_events (
  event_id       char(36)           not null encode zstd,
  event_name     varchar(128)       not null encode raw,
  event_date     date               not null encode raw,
  event_ts       timestamptz        not null encode az64,
  device_os      varchar(32)                 encode bytedict,
  app_version    varchar(16)                 encode bytedict,
  amount_cents   bigint                      encode mostly32,
  latitude       double precision            encode raw,
  longitude      float8                      encode raw,
  payload        varchar(max)                encode zstd
)
diststyle even
interleaved sortkey (event_name, event_date);
