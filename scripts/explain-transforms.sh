#!/usr/bin/env bash
# EXPLAIN (ANALYZE, BUFFERS) of every PostgreSQL transform of the Sparkify etl, as a first load runs it: star tables
# emptied and their sort-key indexes dropped (the etl builds them after the transforms), enable_nestloop off and
# work_mem 256MB (load::target's defaults), each statement in order so that later ones see the earlier ones' rows.
# Everything runs in one transaction that is rolled back: the database is left as it was.
#
#   scripts/explain-transforms.sh DB_URL [TRANSFORM_SQL]     (default: sql/postgres/transform.sql of this checkout)
#
# The staging tables must be loaded (`sparkify etl`). Output: the plans, one per statement, on stdout.
set -euo pipefail
url=${1:?usage: scripts/explain-transforms.sh DB_URL [TRANSFORM_SQL]}
root=$(cd "$(dirname "$0")/.." && pwd)
sql=${2:-$root/sql/postgres/transform.sql}
{
    echo "BEGIN;"
    echo "TRUNCATE users, songs, artists, time, songplays;"
    for t in users songs artists time songplays; do echo "DROP INDEX IF EXISTS ${t}_sortkey;"; done
    echo "SET LOCAL enable_nestloop = off;"
    echo "SET LOCAL work_mem = '256MB';"
    # each statement of the file, its leading comment kept as a heading
    awk 'BEGIN { RS = ";\n" } /INSERT|DELETE/ {
        n = split($0, lines, "\n"); head = ""; body = "";
        for (i = 1; i <= n; i++) { if (lines[i] ~ /^--/ && body == "") head = lines[i]; else if (lines[i] != "") body = body lines[i] "\n" }
        gsub(/\x27/, "", head); if (head != "") print "\\echo \x27" head "\x27";
        print "EXPLAIN (ANALYZE, BUFFERS) " body ";"
    }' "$sql"
    echo "ROLLBACK;"
} | psql -X -q -v ON_ERROR_STOP=1 "$url"
