-- expect: table=events.daily_rollup columns=6 distkey=day sortkey=compound(day,metric) type.value="DOUBLE PRECISION"
create table events.daily_rollup (
  day date not null encode raw distkey,
  metric varchar(64) not null encode raw,
  dimension varchar(256) encode zstd,
  value double precision encode zstd,
  samples bigint encode az64,
  updated_at timestamp without time zone default sysdate encode az64
)
compound sortkey (day, metric);
