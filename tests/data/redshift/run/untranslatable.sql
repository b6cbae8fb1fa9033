-- starshift render / run: a date part Redshift does not accept has no translation: an error at its line
-- (r_Dateparts_for_datetime_functions lists every accepted spelling).
CREATE TABLE events (ts TIMESTAMP);
SELECT DATE_PART(fortnight, ts) FROM events;
