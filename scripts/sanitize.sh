#!/usr/bin/env bash
# Builds the project with ASan+UBSan (-DSTARSHIFT_SANITIZE=address,undefined) in its own build directory and runs
# the unit and integration tests (ctest; integration tests start their private PostgreSQL themselves).
#
#   scripts/sanitize.sh [ctest args…]   env: BUILD_DIR (default build-sanitize), JOBS (default 2),
#                                       CXX (default g++; clang++ works too), LABEL_EXCLUDE (default "slow")
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-sanitize}
jobs=${JOBS:-2}
cxx=${CXX:-g++}

cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Debug \
    -DSTARSHIFT_SANITIZE=address,undefined -DSTARSHIFT_BUILD_BENCH=OFF -DSTARSHIFT_BUILD_EXAMPLES=ON \
    -DSTARSHIFT_INSTALL=OFF >/dev/null
cmake --build "$build" -j"$jobs"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build" --no-tests=error --output-on-failure -j"$jobs" \
    ${LABEL_EXCLUDE:+--label-exclude "$LABEL_EXCLUDE"} "$@"
