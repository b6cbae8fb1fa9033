-- starshift check: valid statements that validation warns about (exit status 0, a warning per finding).
CREATE TABLE clicks (
    click_id BIGINT ENCODE az64,
    clicked_at TIMESTAMP ENCODE az64,
    url VARCHAR(2048) ENCODE zstd
)
COMPOUND SORTKEY (clicked_at);

CREATE TABLE visits (
    visit_id BIGINT IDENTITY(1, 1),
    started DATE ENCODE RAW
)
INTERLEAVED SORTKEY (visit_id, started);
