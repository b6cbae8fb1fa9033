-- expect: table=events.users columns=6 diststyle=all pk=user_id uniques=1 type.email=VARCHAR(320)
CREATE TABLE events.users (
  user_id     BIGINT NOT NULL ENCODE RAW,
  email       VARCHAR(320) NOT NULL ENCODE ZSTD,
  signup_date DATE ENCODE AZ64,
  plan        VARCHAR(16) DEFAULT 'free' ENCODE BYTEDICT,
  is_active   BOOLEAN DEFAULT TRUE ENCODE RAW,
  ltv         NUMERIC(14, 2) DEFAULT 0 ENCODE AZ64,
  CONSTRAINT users_pk PRIMARY KEY (user_id),
  CONSTRAINT users_email_uq UNIQUE (email)
)
DISTSTYLE ALL
SORTKEY (user_id);
