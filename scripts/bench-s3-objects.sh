#!/usr/bin/env bash
# Many small S3 objects read through io::s3_store, with a round trip added to every request: objects/s and MB/s
# against requests in flight, the reader it replaced (a thread per object, 8 ahead), and peak RSS. No network:
# s3rver (tests/s3/s3rver-fixture.sh, installed into the build tree) and bench/latency_proxy.py run on 127.0.0.1.
#
#   scripts/bench-s3-objects.sh [--objects 2000] [--delay-ms 20] [--in-flight "1 8 16 32 64 128"] [--from DIR]
#                               [--build-dir DIR] [--out DIR] [--no-build] [--no-plot]
#
# Objects: the song files under --from (e.g. /work/shared/data/sparkify/song_data; reused with numbered names when
# there are fewer than --objects), else --objects song files of the project's generator (bench_s3_read generate).
# They are uploaded to s3rver directly, then read back through the proxy once per --in-flight value and once with
# the thread-per-object reader. Writes OUT/results.txt (one line per run, bench_s3_read's format) and, with
# python3-matplotlib, OUT/s3-objects.png. Exit 1 when a run fails or delivers objects out of listing order.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
objects=2000
delay=20
in_flight="1 8 16 32 64 128"
from=""
build=$root/build
out=""
do_build=1
plot=1
while [ $# -gt 0 ]; do
    case "$1" in
        --objects) objects=$2; shift 2 ;;
        --delay-ms) delay=$2; shift 2 ;;
        --in-flight) in_flight=$2; shift 2 ;;
        --from) from=$2; shift 2 ;;
        --build-dir) build=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --no-build) do_build=0; shift ;;
        --no-plot) plot=0; shift ;;
        *) echo "usage: $0 [--objects N] [--delay-ms D] [--in-flight \"1 8 64\"] [--from DIR] [--build-dir DIR]" \
                "[--out DIR] [--no-build] [--no-plot]" >&2; exit 2 ;;
    esac
done
out=${out:-$build/bench-s3-objects}
bench=$build/bench/bench_s3_read
if [ "$do_build" = 1 ]; then
    cmake --build "$build" -j 2 --target bench_s3_read >/dev/null
fi
[ -x "$bench" ] || { echo "$bench missing (build the bench_s3_read target)" >&2; exit 1; }

rm -rf "$out" && mkdir -p "$out"
state=$out/s3rver
proxy_pid=""
cleanup() {
    [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null || true
    bash "$root/tests/s3/s3rver-fixture.sh" stop "$state" >/dev/null 2>&1 || true
}
trap cleanup EXIT
bash "$root/tests/s3/s3rver-fixture.sh" start "$state" "$build/tools" >/dev/null
direct=http://127.0.0.1:$(cat "$state/port")
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-west-2
unset AWS_SESSION_TOKEN AWS_PROFILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3

source="$from"
if [ -z "$from" ]; then
    "$bench" generate --out "$out/gen" --songs "$objects" >/dev/null
    from=$out/gen/song_data
    source="generated song files"
fi
prefix=s3://udacity-dend/bench-objects
"$bench" upload --endpoint "$direct" --prefix "$prefix" --from "$from" --count "$objects" >/dev/null

# The proxy prints "port=P"; it exits when its stdin (this script's pipe) closes.
exec 3> >(exec python3 "$root/bench/latency_proxy.py" "$(cat "$state/port")" --delay-ms "$delay" >"$out/proxy.port")
proxy_pid=$!
for _ in $(seq 1 100); do grep -q port= "$out/proxy.port" 2>/dev/null && break; sleep 0.1; done
proxy_port=$(sed -n 's/^port=//p' "$out/proxy.port")
[ -n "$proxy_port" ] || { echo "latency_proxy.py did not start" >&2; exit 1; }
endpoint=http://127.0.0.1:$proxy_port

results=$out/results.txt
echo "# $objects objects ($source), $delay ms per request" >"$results"
for n in $in_flight; do
    "$bench" read --endpoint "$endpoint" --prefix "$prefix" --concurrency "$n" | tee -a "$results"
done
"$bench" read --endpoint "$endpoint" --prefix "$prefix" --thread-per-object | tee -a "$results"
exec 3>&-

# The plot: Debian's python3-matplotlib (/usr/bin/python3), or any python3 that has matplotlib.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
if [ "$plot" = 1 ] && "$py" -c "import matplotlib" 2>/dev/null; then
    "$py" "$root/scripts/plot_s3_objects.py" "$results" "$out/s3-objects.png"
elif [ "$plot" = 1 ]; then
    echo "no plot: python3-matplotlib missing" >&2
fi
echo "results: $results"
