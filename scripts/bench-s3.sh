#!/usr/bin/env bash
# Staging load from S3 (s3rver on loopback) versus the same data from local disk, in one run, with peak RSS.
#
#   scripts/bench-s3.sh [--size 1GB] [--build-dir DIR]
#
# Generates one day of Sparkify events of the given size (a single object), uploads it to s3rver, then runs
# `sparkify etl` twice on a private PostgreSQL: once reading s3://, once reading the local folder. Prints the
# copy step's time and rows and the loader's peak RSS (GNU time's "Maximum resident set size") for each.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
size=1GB
build=$root/build
while [ $# -gt 0 ]; do
    case "$1" in
        --size) size=$2; shift 2 ;;
        --build-dir) build=$2; shift 2 ;;
        *) echo "usage: $0 [--size 1GB] [--build-dir DIR]" >&2; exit 2 ;;
    esac
done
work=$build/bench-s3
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null

"$root/scripts/install-deps.sh" >/dev/null
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target sparkify sparkify-datagen >/dev/null

rm -rf "$work" && mkdir -p "$work/state"
cleanup() {
    bash "$root/tests/s3/s3rver-fixture.sh" stop "$work/state" >/dev/null 2>&1 || true
    bash "$root/scripts/pg.sh" stop "$work/pg" >/dev/null 2>&1 || true
}
trap cleanup EXIT

"$build/examples/sparkify-datagen" --out "$work/data" --size "$size" --days 1 --songs 2000 --seed 3
bash "$root/tests/s3/s3rver-fixture.sh" start "$work/state" "$build/tools"
endpoint=http://127.0.0.1:$(cat "$work/state/port")
put() {
    curl --fail -sS --aws-sigv4 "aws:amz:us-west-2:s3" --user S3RVER:S3RVER \
         -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -T "$1" "$endpoint/udacity-dend/$2"
}
events=$(find "$work/data/log_data" -type f)
put "$events" log_data/events.json
put "$work/data/log_json_path.json" log_json_path.json

url=$(bash "$root/scripts/pg.sh" start "$work/pg" | tail -1)
# Songs are not part of this comparison: both runs read the same local song folder.
songs="$work/data/song_data"
"$build/examples/sparkify" create-tables --db "$url" --log-data x --log-jsonpath x --song-data x >/dev/null 2>&1

run() {
    local label=$1; shift
    /usr/bin/time -v "$build/examples/sparkify" etl --db "$url" "$@" --song-data "$songs" >"$work/$label.log" 2>&1
    local copy rss
    copy=$(grep -E "^copy staging_events" "$work/$label.log")
    rss=$(grep "Maximum resident set size" "$work/$label.log" | awk '{print $NF}')
    echo "$label | $(echo "$copy" | awk '{print $3}') s | $(echo "$copy" | awk '{print $4}') rows | $((rss / 1024)) MB peak RSS"
}
echo "input: $(stat -c %s "$events") bytes of events in one object"
echo "source | copy staging_events | rows | loader peak RSS"
AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER run s3 \
    --log-data s3://udacity-dend/log_data --log-jsonpath s3://udacity-dend/log_json_path.json --s3-endpoint "$endpoint"
run local --log-data "$work/data/log_data" --log-jsonpath "$work/data/log_json_path.json"
