INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT DISTINCT TIMESTAMP 'epoch' + ts / 1000 * INTERVAL '1 second' AS st,
       EXTRACT(hour FROM st), EXTRACT(day FROM st), EXTRACT(week FROM st), EXTRACT(month FROM st),
       EXTRACT(year FROM st), EXTRACT(weekday FROM st)
FROM staging_events
WHERE page = 'NextSong'