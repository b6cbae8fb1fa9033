#!/usr/bin/env bash
# The `starshift run` program on the pg fixture: a COPY whose jsonpaths file has the misspelled key "jsonpath" exits
# non-zero with [starshift.copy.bad_jsonpaths] naming the file, before a row is loaded and before the next statement
# (tests/data/redshift/run/typo.sql, which the library test runs too).
# doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html ("JSONPaths file"; Redshift
# documents an 'auto' fallback for another key, which starshift refuses by default: docs/copy-engine.md).
#   starshift-run-bad-jsonpaths.sh STARSHIFT PG_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
starshift=$1 pgdir=$2 src=$3 work=$4

pg_url=$(cat "$pgdir/url")
db=run_bad_jsonpaths
db_url="${pg_url%/*}/$db"
data="$src/tests/data/redshift/run/data"
rm -rf "$work" && mkdir -p "$work"
psql -q -v ON_ERROR_STOP=1 "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"

status=0
if "$starshift" run "$src/tests/data/redshift/run/typo.sql" --db "$db_url" --s3-map "s3://run-bucket=$data" >"$work/run.log" 2>&1; then
    echo "starshift run exited 0 with a misspelled jsonpaths key" >&2
    status=1
fi
grep -q '\[starshift.copy.bad_jsonpaths\] s3://run-bucket/errors/misspelled_jsonpaths.json: the top-level key must be "jsonpaths", found the key "jsonpath"' \
    "$work/run.log" || { echo "missing the bad_jsonpaths message" >&2; status=1; }
rows=$(psql -XAtq "$db_url" -c "SELECT count(*) FROM category_typo")
[ "$rows" = 0 ] || { echo "category_typo has $rows rows" >&2; status=1; }
later=$(psql -XAtq "$db_url" -c "SELECT count(*) FROM pg_tables WHERE tablename = 'never_created'")
[ "$later" = 0 ] || { echo "the statement after the failing COPY ran" >&2; status=1; }
[ $status = 0 ] || cat "$work/run.log" >&2
psql -q "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
exit $status
