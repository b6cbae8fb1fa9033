#!/usr/bin/env bash
# The `starshift run` program on the pg fixture, as the public Sparkify solutions are written: a users INSERT with a
# duplicate PRIMARY KEY runs (Redshift does not enforce it:
# https://docs.aws.amazon.com/redshift/latest/dg/t_Defining_constraints.html), and fails with --enforce-constraints
# (exit 1, SQLSTATE 23505). `starshift render --dialect postgres` shows the key as a comment, or enforced.
#   starshift-run-constraints.sh STARSHIFT PG_DIR WORK_DIR
set -euo pipefail
starshift=$1 pgdir=$2 work=$3

pg_url=$(cat "$pgdir/url")
db=run_constraints
db_url="${pg_url%/*}/$db"
rm -rf "$work" && mkdir -p "$work"
fresh() { psql -q -v ON_ERROR_STOP=1 "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"; }

cat >"$work/users.sql" <<'SQL'
CREATE TABLE IF NOT EXISTS users (user_id INT PRIMARY KEY, first_name VARCHAR, level VARCHAR) DISTSTYLE ALL;
INSERT INTO users (user_id, first_name, level) VALUES (8, 'Kaylee', 'free'), (8, 'Kaylee', 'paid');
SELECT count(*) FROM users;
SQL

status=0
fresh
"$starshift" run "$work/users.sql" --db "$db_url" >"$work/run.log" 2>&1 || { echo "starshift run failed" >&2; status=1; }
rows=$(psql -XAtq "$db_url" -c "SELECT count(*) FROM users")
[ "$rows" = 2 ] || { echo "users has $rows rows, not 2" >&2; status=1; }

fresh
if "$starshift" run "$work/users.sql" --db "$db_url" --enforce-constraints >"$work/strict.log" 2>&1; then
    echo "starshift run --enforce-constraints exited 0 with a duplicate key" >&2
    status=1
fi
grep -q 'users.sql:2: \[starshift.run.statement_failed\] INSERT failed (SQLSTATE 23505)' "$work/strict.log" ||
    { echo "missing the duplicate key failure" >&2; status=1; }

"$starshift" render --dialect postgres "$work/users.sql" >"$work/render.sql"
grep -q -- '-- informational (not enforced, as on Redshift): PRIMARY KEY (user_id)' "$work/render.sql" ||
    { echo "render: no informational comment" >&2; status=1; }
"$starshift" render --dialect postgres --enforce-constraints "$work/users.sql" >"$work/strict.sql"
grep -q '^    PRIMARY KEY (user_id)$' "$work/strict.sql" || { echo "render --enforce-constraints: no key" >&2; status=1; }

[ $status = 0 ] || cat "$work/run.log" "$work/strict.log" "$work/render.sql" "$work/strict.sql" >&2
psql -q "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
exit $status
