-- starshift run: a Sparkify ETL written the way the project's public solutions write it, run unchanged. Redshift
-- idioms PostgreSQL lacks, each translated (docs/parse.md, "Queries and DML"):
-- lateral column aliases (https://docs.aws.amazon.com/redshift/latest/dg/r_SELECT_list.html), EXTRACT(weekday …)
-- and DATE_PART(hour, …) with the part unquoted (r_Dateparts_for_datetime_functions, r_EXTRACT_function,
-- r_DATE_PART_function), VARCHAR userId compared with and assigned to INTEGER columns (c_Supported_data_types,
-- "Implicit conversion types"), a derived table without an alias, TOP, NVL, and duplicates in users (a user whose
-- level changed appears twice: Redshift's keys are informational, so the dimension keeps both rows).
DROP TABLE IF EXISTS staging_events;
DROP TABLE IF EXISTS staging_songs;
DROP TABLE IF EXISTS songplays;
DROP TABLE IF EXISTS users;
DROP TABLE IF EXISTS time;

CREATE TABLE staging_events (
    artist VARCHAR(256), auth VARCHAR(32), firstName VARCHAR(64), gender CHAR(1), itemInSession INTEGER,
    lastName VARCHAR(64), length DECIMAL(12,5), level VARCHAR(10), location VARCHAR(256), method VARCHAR(10),
    page VARCHAR(32), registration BIGINT, sessionId INTEGER, song VARCHAR(256), status INTEGER, ts BIGINT,
    userAgent VARCHAR(256), userId VARCHAR(16)
);
CREATE TABLE staging_songs (
    num_songs INTEGER, artist_id VARCHAR(32), artist_latitude DOUBLE PRECISION, artist_longitude DOUBLE PRECISION,
    artist_location VARCHAR(256), artist_name VARCHAR(256), song_id VARCHAR(32), title VARCHAR(256),
    duration DECIMAL(12,5), year INTEGER
);
CREATE TABLE songplays (
    songplay_id INTEGER IDENTITY(0,1), start_time TIMESTAMP NOT NULL, user_id INTEGER NOT NULL, level VARCHAR(10),
    song_id VARCHAR(32), artist_id VARCHAR(32), session_id INTEGER, location VARCHAR(256), user_agent VARCHAR(256)
) DISTKEY (song_id) SORTKEY (start_time);
CREATE TABLE users (
    user_id INTEGER NOT NULL SORTKEY, first_name VARCHAR(64), last_name VARCHAR(64), gender CHAR(1), level VARCHAR(10)
) DISTSTYLE ALL;
CREATE TABLE time (
    start_time TIMESTAMP NOT NULL SORTKEY, hour INTEGER, day INTEGER, week INTEGER, month INTEGER, year INTEGER,
    weekday INTEGER
) DISTSTYLE ALL;

COPY staging_events FROM 's3://run-bucket/sparkify/log_events.json'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' FORMAT AS JSON 'auto ignorecase' REGION 'us-west-2';
COPY staging_songs FROM 's3://run-bucket/sparkify/songs.json'
IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' JSON 'auto' REGION 'us-west-2';

INSERT INTO songplays (start_time, user_id, level, song_id, artist_id, session_id, location, user_agent)
SELECT TIMESTAMP 'epoch' + e.ts / 1000 * INTERVAL '1 second' AS start_time, e.userId, e.level, s.song_id,
       s.artist_id, e.sessionId, e.location, e.userAgent
FROM staging_events e
JOIN staging_songs s ON e.song = s.title AND e.artist = s.artist_name AND e.length = s.duration
WHERE e.page = 'NextSong';

INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT DISTINCT userId, firstName, lastName, gender, level
FROM staging_events
WHERE page = 'NextSong' AND userId IS NOT NULL AND userId <> '';

INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT DISTINCT TIMESTAMP 'epoch' + ts / 1000 * INTERVAL '1 second' AS st,
       EXTRACT(hour FROM st), EXTRACT(day FROM st), EXTRACT(week FROM st), EXTRACT(month FROM st),
       EXTRACT(year FROM st), EXTRACT(weekday FROM st)
FROM staging_events
WHERE page = 'NextSong';

SELECT DATE_PART(hour, start_time) AS hr, COUNT(*) AS plays FROM songplays GROUP BY 1 ORDER BY 1;
SELECT COUNT(*) AS distinct_users FROM (SELECT DISTINCT user_id FROM users);
SELECT TOP 1 user_id, COUNT(*) AS rows_per_user FROM users GROUP BY user_id ORDER BY 2 DESC, 1;
SELECT NVL(artist, 'unknown') AS artist, page FROM staging_events WHERE userId = 8 ORDER BY ts;
