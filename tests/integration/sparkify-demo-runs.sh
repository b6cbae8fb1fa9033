#!/usr/bin/env bash
# The reported case: `sparkify demo` into a --data-dir holding an earlier, larger run loaded that run's leftover
# files ("generated 100 song files", then "staging_songs: 2498 rows"). Now the smaller run is refused, naming the
# directory and what differs, and with --force it loads exactly its own files. Needs the pg CTest fixture.
#   sparkify-demo-runs.sh SPARKIFY DATAGEN PG_DIR WORK_DIR
set -euo pipefail
sparkify=$1 datagen=$2 pgdir=$3 work=$4

pg_url=$(cat "$pgdir/url")
rm -rf "$work" && mkdir -p "$work"
db=demo_runs_never_mix
psql -q -v ON_ERROR_STOP=1 "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
url="${pg_url%/*}/$db"
data=$work/data
fail() { echo "FAIL: $*" >&2; exit 1; }

# The larger run: 400 songs, 3 days.
"$datagen" --out "$data" --size 1MB --days 3 --songs 400 --users 20 --seed 7 >/dev/null

# The smaller run, as the report ran it (demo, default days, songs derived from the size: 200): refused.
set +e
out=$("$sparkify" demo --db "$url" --data-dir "$data" --size 300kB --seed 7 2>&1)
rc=$?
set -e
echo "$out"
[ "$rc" -ne 0 ] || fail "demo into the larger run's directory exited 0"
grep -qF "[starshift.sparkify.datagen_dir_not_empty] $data holds another generation" <<<"$out" || fail "no datagen_dir_not_empty naming $data"
grep -qF "songs 400 (this run: 200)" <<<"$out" || fail "the message does not say the songs differ"
grep -qF -- "--force" <<<"$out" || fail "the message does not mention --force"
[ "$(find "$data/song_data" -type f | wc -l)" -eq 400 ] || fail "the refused run changed the directory"

# sparkify-datagen refuses the same way.
set +e
out=$("$datagen" --out "$data" --size 300kB --seed 7 2>&1)
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "sparkify-datagen into the larger run's directory exited 0"
grep -qF "[starshift.sparkify.datagen_dir_not_empty]" <<<"$out" || fail "sparkify-datagen: no datagen_dir_not_empty: $out"

# --force: the earlier generation is deleted, and the demo loads the smaller run's rows only.
out=$("$sparkify" demo --db "$url" --data-dir "$data" --size 300kB --seed 7 --force 2>&1)
echo "$out"
grep -qE "^generated 200 song files and 30 log files" <<<"$out" || fail "demo --force did not generate 200 songs and 30 days"
grep -qF "directory $data/song_data: 200 files" <<<"$out" || fail "the COPY notice does not say the song folder's 200 files"
songs=$(psql -At "$url" -c "SELECT count(*) FROM staging_songs")
[ "$songs" -eq 200 ] || fail "staging_songs has $songs rows, expected the smaller run's 200"
generated=$(sed -n 's/^generated 200 song files and 30 log files (\([0-9]*\) events.*/\1/p' <<<"$out")
lines=0
while IFS= read -r f; do n=$(grep -c . "$f" || true); lines=$((lines + n)); done < <(find "$data/log_data" -type f)
[ "$generated" -eq "$lines" ] || fail "the demo says $generated events, its log files hold $lines"
events=$(psql -At "$url" -c "SELECT count(*) FROM staging_events")
[ "$events" -eq "$lines" ] || fail "staging_events has $events rows, the smaller run's log files hold $lines events"
[ "$(find "$data/log_data" -type f | wc -l)" -eq 30 ] || fail "log files of the larger run remain"
echo "ok: refused without --force; with --force staging_songs=$songs staging_events=$events"
