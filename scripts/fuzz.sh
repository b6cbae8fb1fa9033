#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, -fsanitize=fuzzer,address,undefined, in their own build
# directory, and runs each for a bounded time on a copy of its seed corpus.
#
#   scripts/fuzz.sh [SECONDS]        default 60 s per target; env: BUILD_DIR (default build-fuzz), JOBS (default 2),
#                                    FUZZERS (default "fuzz_copy_records fuzz_copy_accounting fuzz_quote fuzz_parse fuzz_parse_query"), CXX (default clang++)
# Exit status: 0 when every target ran its time without a crash; crash inputs are left in BUILD_DIR/artifacts/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
build=${BUILD_DIR:-$root/build-fuzz}
jobs=${JOBS:-2}
fuzzers=${FUZZERS:-"fuzz_copy_records fuzz_copy_accounting fuzz_quote fuzz_parse fuzz_parse_query"}
cxx=${CXX:-clang++}
command -v "$cxx" >/dev/null || { echo "fuzz.sh: $cxx not found (apt-get install clang)" >&2; exit 1; }

cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSTARSHIFT_BUILD_FUZZERS=ON -DSTARSHIFT_SANITIZE=address,undefined \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" \
    -DSTARSHIFT_BUILD_DB=OFF -DSTARSHIFT_BUILD_EXAMPLES=OFF -DSTARSHIFT_BUILD_BENCH=OFF -DSTARSHIFT_INSTALL=OFF \
    -DSTARSHIFT_BUILD_TESTS=ON >/dev/null
# shellcheck disable=SC2086
cmake --build "$build" -j"$jobs" --target $fuzzers

mkdir -p "$build/artifacts"
status=0
for f in $fuzzers; do
    seeds=$root/tests/fuzz/corpus/${f#fuzz_}
    work=$build/corpus/$f
    mkdir -p "$work"
    cp -n "$seeds"/* "$work"/ 2>/dev/null || true
    echo "== $f: ${seconds}s"
    if ! "$build/tests/fuzz/$f" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -max_len=65536 \
            -print_final_stats=1 -artifact_prefix="$build/artifacts/$f-" "$work" 2>"$build/$f.log"; then
        echo "fuzz.sh: $f FAILED; see $build/$f.log and $build/artifacts/" >&2
        tail -40 "$build/$f.log" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/$f.log" || true
    fi
done
exit $status
