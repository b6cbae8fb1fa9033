#!/usr/bin/env bash
# The README's main command: on a fresh Debian 12 machine, installs the dependencies, builds starshift, starts a
# private PostgreSQL under build/, generates Sparkify sample data and runs the whole ETL with checks, analytics
# queries and per-step timings.
#
#   scripts/demo.sh [sparkify demo options…]      e.g. scripts/demo.sh --size 100MB
#
# build/demo-data holds one generation: another --size or --seed there is refused unless --force is given
# (it then deletes the earlier generated files; docs/datagen.md, "The data directory").
#
# Environment: BUILD_DIR (default build), JOBS (default: nproc).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
jobs=${JOBS:-$(nproc)}

"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$jobs" --target sparkify

"$build/examples/sparkify" demo \
    --start-postgres "$build/demo-pg" \
    --data-dir "$build/demo-data" \
    "$@"

echo
echo "The private PostgreSQL is still running: $(bash "$root/scripts/pg.sh" url "$build/demo-pg")"
echo "Explore it with: psql \"$(bash "$root/scripts/pg.sh" url "$build/demo-pg")\""
echo "Stop it with:    scripts/pg.sh stop $build/demo-pg"
