INSERT INTO songplays (start_time, user_id, level, song_id, artist_id, session_id, location, user_agent)
SELECT TIMESTAMP 'epoch' + e.ts / 1000 * INTERVAL '1 second' AS start_time, e.userId, e.level, s.song_id,
       s.artist_id, e.sessionId, e.location, e.userAgent
FROM staging_events e
JOIN staging_songs s ON e.song = s.title AND e.artist = s.artist_name AND e.length = s.duration
WHERE e.page = 'NextSong'