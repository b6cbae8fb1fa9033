#!/usr/bin/env bash
# Staging-load benchmark in one command (issue 3): builds Release, starts a private PostgreSQL (scripts/pg.sh) in
# build/bench-pg, generates Sparkify data at each size, runs staging-load-bench and prints a summary table.
#
#   scripts/bench.sh [--sizes 10MB,100MB] [--runs 3] [--build-dir build-bench] [--keep-pg] [--micro]
#
#   --sizes      comma-separated sparkify-datagen sizes (default 10MB,100MB)
#   --runs       runs per measurement, the median is reported (default 3)
#   --build-dir  where to build (default build-bench under the repository)
#   --keep-pg    leave the PostgreSQL cluster running afterwards (default: stop it)
#   --micro      also run the Google Benchmark microbenchmark bench_copy (parse + convert, no database)
#
# Generated data is cached in <build-dir>/bench-data/<size> (regenerated when missing). Results (one JSON file per
# size) go to <build-dir>/bench-results/.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd -P)
sizes=10MB,100MB
runs=3
build_dir=$repo/build-bench
keep_pg=0
micro=0
while [ $# -gt 0 ]; do
    case $1 in
        --sizes) sizes=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --build-dir) build_dir=$2; shift 2 ;;
        --keep-pg) keep_pg=1; shift ;;
        --micro) micro=1; shift ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
mkdir -p "$build_dir"
build_dir=$(cd "$build_dir" && pwd -P)
pg_dir=$repo/build/bench-pg

echo "== building (Release) in $build_dir"
cmake -S "$repo" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DSTARSHIFT_INSTALL=OFF >/dev/null
targets=(staging-load-bench sparkify-datagen)
[ "$micro" -eq 1 ] && targets+=(bench_copy)
cmake --build "$build_dir" -j2 --target "${targets[@]}" >/dev/null

echo "== starting PostgreSQL in $pg_dir"
url=$("$repo/scripts/pg.sh" start "$pg_dir" | tail -n 1)
cleanup() { [ "$keep_pg" -eq 1 ] || "$repo/scripts/pg.sh" stop "$pg_dir" >/dev/null 2>&1 || true; }
trap cleanup EXIT
echo "   $url"

results=$build_dir/bench-results
mkdir -p "$results" "$build_dir/bench-data"
IFS=, read -r -a size_list <<<"$sizes"
for size in "${size_list[@]}"; do
    data=$build_dir/bench-data/$size
    if [ ! -f "$data/log_json_path.json" ]; then
        echo "== generating $size in $data"
        rm -rf "$data"
        "$build_dir/examples/sparkify-datagen" --out "$data" --size "$size" >/dev/null
    fi
    echo "== $size"
    "$build_dir/bench/staging-load-bench" --db "$url" --data "$data" --runs "$runs" --label "$size" \
        --json "$results/staging-load-$size.json"
done

if [ "$micro" -eq 1 ]; then
    echo "== bench_copy (parse + convert, one core, no database)"
    "$build_dir/bench/bench_copy" --benchmark_min_time=1
fi

echo
echo "== summary (median of $runs; json = db::copy_into, encode = JSON side alone, csv/text = the same rows by"
echo "   COPY FROM STDIN in CSV / text format; rows/cpu-s = rows per CPU second of the benchmark process)"
python3 - "$results" "${size_list[@]}" <<'EOF'
import json, sys, os
d = sys.argv[1]
print(f"{'size':<8} {'table':<15} {'phase':<7} {'rows':>9} {'MB/s':>8} {'rows/s':>10} {'vs csv':>7} {'rows/cpu-s':>11} {'RSS MB':>7}")
for size in sys.argv[2:]:
    p = os.path.join(d, f"staging-load-{size}.json")
    if not os.path.exists(p):
        continue
    for r in json.load(open(p))["results"]:
        print(f"{size:<8} {r['table']:<15} {r['phase']:<7} {r['rows']:>9} {r['mb_per_s']:>8.1f} "
              f"{r['rows_per_s']:>10.0f} {r['ratio_to_csv']:>7.2f} {r['rows_per_client_cpu_second']:>11.0f} "
              f"{r['peak_rss_mb']:>7.1f}")
EOF
