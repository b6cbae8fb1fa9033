-- verbatim: r_CREATE_DATABASE, "Create a database with case-insensitive collation" (its table)
-- expect: table=test collate.ci_col=case_insensitive collate.cs_col=case_sensitive
CREATE TABLE test
    (ci_col varchar(10) COLLATE case_insensitive,
     cs_col varchar(10) COLLATE case_sensitive,
     cint int,
     cbigint bigint);
-- A CTAS whose columns cannot be learned (aggregates of a table the script does not declare): kept as its query.
-- expect: table=analytics.daily_plays as_query=yes columns=0 distkey=play_day backup=no
CREATE TABLE analytics.daily_plays
BACKUP NO
DISTKEY (play_day)
SORTKEY (play_day)
AS
SELECT TRUNC(start_time) AS play_day, COUNT(*) AS plays
FROM songplays
GROUP BY 1;
