#!/usr/bin/env bash
# Builds starshift and runs every test: unit, integration (against a private PostgreSQL 15 that CTest starts and
# stops through scripts/pg.sh) and packaging. Exits non-zero when anything fails.
#
#   scripts/test.sh                 # build/ in Release (as scripts/demo.sh, so they share it) with -Werror
#   BUILD_DIR=build-asan STARSHIFT_SANITIZE=address,undefined scripts/test.sh
#   SKIP_DEPS=1 scripts/test.sh     # do not run scripts/install-deps.sh
#   CTEST_ARGS="-L unit" scripts/test.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
build_type=${BUILD_TYPE:-Release}
jobs=${JOBS:-$(nproc)}

if [ "${SKIP_DEPS:-0}" != 1 ]; then
    "$root/scripts/install-deps.sh"
fi

configure_args=(-S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" -DSTARSHIFT_WARNINGS_AS_ERRORS=ON)
if [ -n "${STARSHIFT_SANITIZE:-}" ]; then
    configure_args+=(-DSTARSHIFT_SANITIZE="$STARSHIFT_SANITIZE")
fi
if [ -n "${CMAKE_ARGS:-}" ]; then
    # shellcheck disable=SC2206 # intentional word splitting of extra options
    configure_args+=($CMAKE_ARGS)
fi

echo "== configure: cmake ${configure_args[*]}"
cmake "${configure_args[@]}"
echo "== build: $build_dir (-j$jobs)"
cmake --build "$build_dir" -j"$jobs"

# Always stop the private cluster, even when ctest is interrupted (its pg_stop fixture normally does this).
cleanup() { "$root/scripts/pg.sh" stop "$build_dir/pg" >/dev/null 2>&1 || true; }
trap cleanup EXIT

echo "== test: ctest --test-dir $build_dir"
# shellcheck disable=SC2086 # CTEST_ARGS is a list of options
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j2 ${CTEST_ARGS:-}
