#!/usr/bin/env bash
# End-to-end: `sparkify etl` reading s3:// (s3rver on loopback) gives exactly the same tables as the same files
# read from a local directory. Needs the s3rver and pg CTest fixtures.
#   sparkify-etl-s3.sh SPARKIFY DATAGEN S3RVER_STATE_DIR PG_DIR WORK_DIR
set -euo pipefail
source "$(dirname "$0")/s3_compare_lib.sh"
sparkify=$1 datagen=$2 s3state=$3 pgdir=$4 work=$5
use_fixtures "$s3state" "$pgdir"
rm -rf "$work" && mkdir -p "$work"

"$datagen" --out "$work/data" --size 1MB --days 3 --songs 150 --users 20 --seed 7 >/dev/null

# Upload every file into a bucket of this test's own (other S3 tests list udacity-dend and must not see these files).
bucket=sparkify-etl-s3
upload_folder "$bucket" "$work/data"
recreate_databases etl_local etl_s3

local_args=(--log-data "$work/data/log_data" --log-jsonpath "$work/data/log_json_path.json"
            --song-data "$work/data/song_data")
s3_args=(--log-data "s3://$bucket/log_data" --log-jsonpath "s3://$bucket/log_json_path.json"
         --song-data "s3://$bucket/song_data" --s3-endpoint "$endpoint")

"$sparkify" create-tables --db "$(db_url etl_local)" "${local_args[@]}" >/dev/null
"$sparkify" etl --db "$(db_url etl_local)" "${local_args[@]}" >"$work/local.log" 2>&1
AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_PROFILE= \
    "$sparkify" create-tables --db "$(db_url etl_s3)" "${s3_args[@]}" >/dev/null
AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_PROFILE= \
    "$sparkify" etl --db "$(db_url etl_s3)" "${s3_args[@]}" >"$work/s3.log" 2>&1

status=0
compare_tables etl_local local etl_s3 s3 "staging_events" "staging_songs" "users" "songs" "artists" "time" \
    "songplays:start_time, user_id, level, song_id, artist_id, session_id, location, user_agent" || status=1
grep -q "copy staging_songs" "$work/s3.log" || { cat "$work/s3.log" >&2; status=1; }
drop_databases etl_local etl_s3
exit $status
