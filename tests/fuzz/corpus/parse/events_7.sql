-- expect: table=stage_events columns=3 temp=yes diststyle=even
CREATE TEMP TABLE stage_events (
  raw_line VARCHAR(MAX),
  file_name VARCHAR(1024),
  line_no INTEGER
) DISTSTYLE EVEN;
