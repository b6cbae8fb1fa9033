#!/usr/bin/env bash
# Load benchmarks in one command: builds Release, starts a private PostgreSQL (scripts/pg.sh) in build/bench-pg,
# generates Sparkify data at each size and runs, by default, the end-to-end benchmark sparkify-bench (binary
# and CSV COPY, starshift's JSON load, pure SQL, row-by-row INSERT, transforms and checks; one table, JSON, plots).
#
#   scripts/bench.sh [--sizes 10MB,100MB] [--runs N] [--build-dir build-bench] [--keep-pg] [--micro]
#                    [--staging-load] [--plots DIR] [--rowwise-lines N]
#
#   --sizes         comma-separated sparkify-datagen sizes (default 10MB,100MB; add 1GB, or 10GB, by hand)
#   --runs          runs per measurement, the median is reported (default 1 for sparkify-bench, 3 with --staging-load)
#   --build-dir     where to build (default build-bench under the repository)
#   --keep-pg       leave the PostgreSQL cluster running afterwards (default: stop it)
#   --micro         also run the Google Benchmark microbenchmark bench_copy (parse + convert, no database)
#   --staging-load  run the older staging-load-bench (copy_into vs CSV/text COPY, events and songs) instead
#   --plots DIR     where plot.py writes the PNGs (default docs/img of the repository; needs python3-matplotlib)
#   --rowwise-lines lines the row-by-row loader inserts before extrapolating (default 20000)
#
# sparkify-bench: data in <build-dir>/bench-e2e/data/<size>, results in <build-dir>/bench-results/e2e.json (and
# e2e.txt, machine.txt). --staging-load: data in <build-dir>/bench-data/<size>, one JSON per size in bench-results/.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd -P)
sizes=10MB,100MB
runs=
build_dir=$repo/build-bench
keep_pg=0
micro=0
staging=0
plots=$repo/docs/img
rowwise_lines=20000
while [ $# -gt 0 ]; do
    case $1 in
        --sizes) sizes=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --build-dir) build_dir=$2; shift 2 ;;
        --keep-pg) keep_pg=1; shift ;;
        --micro) micro=1; shift ;;
        --staging-load) staging=1; shift ;;
        --plots) plots=$2; shift 2 ;;
        --rowwise-lines) rowwise_lines=$2; shift 2 ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
if [ -z "$runs" ]; then
    if [ "$staging" -eq 1 ]; then runs=3; else runs=1; fi
fi
mkdir -p "$build_dir"
build_dir=$(cd "$build_dir" && pwd -P)
pg_dir=$repo/build/bench-pg

echo "== building (Release) in $build_dir"
cmake -S "$repo" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DSTARSHIFT_INSTALL=OFF >/dev/null
if [ "$staging" -eq 1 ]; then targets=(staging-load-bench sparkify-datagen); else targets=(sparkify-bench); fi
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

if [ "$staging" -eq 0 ]; then
    {
        echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
        echo "nproc: $(nproc)"
        echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
        echo "memory: $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)"
        echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
        if command -v psql >/dev/null 2>&1; then
            echo "postgresql: $(psql "$url" -Atc 'SHOW server_version')"
            psql "$url" -Atc "SELECT name || ' = ' || current_setting(name) FROM pg_settings WHERE name IN
                ('shared_buffers','work_mem','maintenance_work_mem','max_wal_size','wal_level','fsync',
                 'synchronous_commit','full_page_writes','checkpoint_timeout') ORDER BY name"
        fi
    } | tee "$results/machine.txt"
    echo "== sparkify-bench --sizes $sizes"
    rc=0
    "$build_dir/bench/sparkify-bench" --db "$url" --sizes "$sizes" --runs "$runs" --work "$build_dir/bench-e2e" \
        --rowwise-lines "$rowwise_lines" --json "$results/e2e.json" | tee "$results/e2e.txt" || rc=$?
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/machine.txt"
    echo "== plots and linear fit (bench/plot.py) into $plots"
    py=python3; [ -x /usr/bin/python3 ] && py=/usr/bin/python3  # Debian's python3-matplotlib
    "$py" "$repo/bench/plot.py" "$results/e2e.json" --out-dir "$plots" | tee "$results/fit.md" || true
    if [ "$micro" -eq 1 ]; then
        echo "== bench_copy (parse + convert, one core, no database)"
        "$build_dir/bench/bench_copy" --benchmark_min_time=1
    fi
    exit "$rc"
fi
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
