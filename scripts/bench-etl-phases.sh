#!/usr/bin/env bash
# The etl's two phases side by side, in the same runs: the staging load (the COPY steps) and the transforms (the
# transform, unindex and index steps; the ANALYZE steps count for neither), each the wall time its steps cover, with
# `sparkify --jobs N` for each N given, runs interleaved, then the median of each. The ratio transforms / staging load is what issue 16 targets.
#
#   scripts/bench-etl-phases.sh --db URL --data DIR [--jobs "1 2"] [--runs 5] [--sparkify BIN] [--out FILE]
#
# --db: a PostgreSQL URL whose database the runs may drop and recreate tables in (create-tables before each run);
# --data: a `sparkify-datagen --out DIR` folder (log_data, log_json_path.json, song_data). Before each run: a
# CHECKPOINT and `sync`, so that no run pays for the previous one's writes. One line per run, then the medians:
#   jobs=2 run=1 copy_s=4.17 transforms_s=6.25 ratio=1.50 etl_s=10.82
#   median jobs=2 copy_s=… transforms_s=… ratio=… etl_s=…
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
db=""
data=""
jobs="1 2"
runs=5
sparkify=$root/build/examples/sparkify
out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --db) db=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --sparkify) sparkify=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) echo "usage: $0 --db URL --data DIR [--jobs \"1 2\"] [--runs N] [--sparkify BIN] [--out FILE]" >&2; exit 2 ;;
    esac
done
[ -n "$db" ] && [ -d "$data/log_data" ] || { echo "$0: --db URL and --data DIR (with log_data/) are required" >&2; exit 2; }
[ -x "$sparkify" ] || { echo "$0: $sparkify missing (build the sparkify target)" >&2; exit 1; }
out=${out:-$(mktemp)}
: >"$out"
timings=$(mktemp)
trap 'rm -f "$timings"' EXIT

for run in $(seq 1 "$runs"); do
    for j in $jobs; do
        "$sparkify" --db "$db" create-tables >/dev/null 2>&1
        psql "$db" -qXc CHECKPOINT >/dev/null
        sync
        "$sparkify" --db "$db" --jobs "$j" --log-data "$data/log_data" --log-jsonpath "$data/log_json_path.json" \
            --song-data "$data/song_data" etl 2>/dev/null >"$timings"
        # The timings table: step name (two words), start, seconds, rows, note. A phase's time is the union of its
        # steps' intervals (steps at once count once; a stretch where only an ANALYZE runs counts for neither).
        phase() {
            awk -v kinds="$1" 'BEGIN { n = split(kinds, k, " "); for (i = 1; i <= n; i++) want[k[i]] = 1 }
                               ($1 in want) && NF >= 5 { printf "%.6f %.6f\n", $3, $3 + $4 }' "$timings" |
                sort -n | awk '{ if (NR == 1 || $1 > e) { total += e - s; s = $1; e = $2 } else if ($2 > e) e = $2 }
                               END { if (NR) total += e - s; printf "%.3f\n", total }'
        }
        copy_s=$(phase "copy")
        transforms_s=$(phase "transform unindex index")
        etl_s=$(awk '$1 == "total" { print $2 }' "$timings")
        awk -v j="$j" -v run="$run" -v c="$copy_s" -v t="$transforms_s" -v e="$etl_s" 'BEGIN {
            if (c <= 0 || t <= 0) { print "no copy or transform step in the timings" > "/dev/stderr"; exit 1 }
            printf "jobs=%s run=%s copy_s=%.2f transforms_s=%.2f ratio=%.2f etl_s=%.2f\n", j, run, c, t, t / c, e
        }' | tee -a "$out"
    done
done

# The median of one field (copy_s, …) over the runs of one jobs value.
median() {
    grep "^jobs=$1 " "$out" | tr ' ' '\n' | sed -n "s/^$2=//p" | sort -n |
        awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for j in $jobs; do
    echo "median jobs=$j runs=$runs copy_s=$(median "$j" copy_s) transforms_s=$(median "$j" transforms_s)" \
         "ratio=$(median "$j" ratio) etl_s=$(median "$j" etl_s)"
done
