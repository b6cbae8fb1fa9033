#!/usr/bin/env bash
# `starshift advise` on DDL the analysis must read without stopping (docs/tuning.md, "Frontends"): an external table
# (r_CREATE_EXTERNAL_TABLE), a materialized view (materialized-view-create-sql-command), a CREATE TABLE … AS, a
# SUPER column, a COPY with an option the parser refuses, and a query file with one unparseable statement and
# Redshift-only SQL (TOP, DATEDIFF(day, …), DATEPART) that PostgreSQL's EXPLAIN would refuse. The tables are created
# by `starshift run` (which makes the external table an ordinary one, with a notice) and filled with psql.
#   starshift-advise-ddl-forms.sh STARSHIFT PG_DIR WORK_DIR
set -euo pipefail
starshift=$1 pgdir=$2 work=$3

pg_url=$(cat "$pgdir/url")
db=advise_ddl_forms
db_url="${pg_url%/*}/$db"
rm -rf "$work" && mkdir -p "$work"
psql -q -v ON_ERROR_STOP=1 "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"

cat >"$work/schema.sql" <<'SQL'
CREATE EXTERNAL SCHEMA spectrum FROM DATA CATALOG DATABASE 'spectrumdb'
IAM_ROLE 'arn:aws:iam::123456789012:role/spectrum' CREATE EXTERNAL DATABASE IF NOT EXISTS;
CREATE TABLE users (userid INTEGER NOT NULL DISTKEY SORTKEY, city VARCHAR(30), prefs SUPER);
CREATE TABLE sales (salesid INTEGER NOT NULL, buyerid INTEGER NOT NULL, saletime TIMESTAMP, pricepaid DECIMAL(8,2))
DISTKEY (buyerid) SORTKEY (saletime);
CREATE EXTERNAL TABLE spectrum.sales_ext (salesid INTEGER, buyerid INTEGER, pricepaid DECIMAL(8,2))
PARTITIONED BY (saledate DATE)
ROW FORMAT DELIMITED FIELDS TERMINATED BY '|'
STORED AS TEXTFILE
LOCATION 's3://redshift-downloads/tickit/spectrum/sales_partition/';
CREATE MATERIALIZED VIEW buyer_totals DISTKEY (buyerid) SORTKEY (buyerid) AUTO REFRESH NO AS
SELECT s.buyerid, u.city, COUNT(*) AS n FROM sales s JOIN users u ON s.buyerid = u.userid GROUP BY s.buyerid, u.city;
CREATE TABLE city_sales AS SELECT u.city, s.pricepaid FROM sales s JOIN users u ON u.userid = s.buyerid;
SQL
# The advisor reads the same file with a COPY the parser refuses (line 14).
cp "$work/schema.sql" "$work/advise-schema.sql"
echo "COPY sales FROM 's3://b/sales/' IAM_ROLE 'arn:aws:iam::123456789012:role/r' FORMAT AS AVRO 'auto';" \
    >>"$work/advise-schema.sql"

cat >"$work/queries.sql" <<'SQL'
-- top_buyers: Redshift's TOP and DATEDIFF(day, …)
SELECT TOP 10 u.city, SUM(s.pricepaid) FROM sales s JOIN users u ON s.buyerid = u.userid
WHERE DATEDIFF(day, s.saletime, GETDATE()) < 30000 GROUP BY u.city;
-- broken: not SQL
SELECT FROM WHERE;
-- by_hour: DATEPART over a CTE
WITH recent AS (SELECT buyerid, saletime FROM sales WHERE saletime >= '2008-01-01')
SELECT DATEPART(hour, r.saletime) AS h, COUNT(*) FROM recent r JOIN users u ON r.buyerid = u.userid GROUP BY 1;
-- spectrum: the external table joined
SELECT u.city, SUM(e.pricepaid) FROM spectrum.sales_ext e JOIN users u ON e.buyerid = u.userid GROUP BY u.city;
SQL

status=0
"$starshift" run "$work/schema.sql" --db "$db_url" >"$work/run.log" 2>&1 ||
    { echo "starshift run failed" >&2; status=1; }
grep -q 'schema.sql:6: notice: CREATE EXTERNAL TABLE spectrum.sales_ext: created as an ordinary' "$work/run.log" ||
    { echo "run: no notice for the external table" >&2; status=1; }
psql -q -v ON_ERROR_STOP=1 "$db_url" <<'SQL'
INSERT INTO users SELECT g, 'city' || (g % 7), ('{"a":' || g || '}')::jsonb FROM generate_series(1, 300) g;
INSERT INTO sales SELECT g, g % 300 + 1, timestamp '2008-01-01' + g * interval '1 hour', (g % 1000) / 10.0
FROM generate_series(1, 6000) g;
INSERT INTO spectrum.sales_ext SELECT salesid, buyerid, pricepaid, saletime::date FROM sales;
REFRESH MATERIALIZED VIEW buyer_totals;
INSERT INTO city_sales SELECT u.city, s.pricepaid FROM sales s JOIN users u ON u.userid = s.buyerid;
SQL

rc=0
"$starshift" advise "$work/advise-schema.sql" --db "$db_url" -q "$work/queries.sql" --top 3 \
    --default-diststyle even >"$work/advice.txt" 2>"$work/advise.err" || rc=$?
[ $rc = 0 ] || { echo "starshift advise exited $rc" >&2; status=1; }
must() { grep -qF -- "$1" "$2" || { echo "missing in $2: $1" >&2; status=1; }; }
must "skipped $work/advise-schema.sql:14:" "$work/advice.txt"
must "[starshift.parse.unsupported_option] COPY format AVRO" "$work/advice.txt"
must "skipped $work/queries.sql:5:8: [starshift.parse.syntax]" "$work/advice.txt"
must "workload: 3 of 4 statements analysed" "$work/advice.txt"
must "starshift advise: skipped $work/queries.sql:5:8:" "$work/advise.err"
for t in users sales sales_ext buyer_totals city_sales; do must "== $t: " "$work/advice.txt"; done
must "== sales_ext: 6000 rows" "$work/advice.txt"
must "seed EVEN ranks 1 of 1" "$work/advice.txt"              # the external table: no design to choose
must "top_buyers               sales ⋈ users" "$work/advice.txt"
must "by_hour                  sales ⋈ users" "$work/advice.txt"
must "spectrum                 sales_ext ⋈ users" "$work/advice.txt"
must "buyer_totals_refresh     sales ⋈ users" "$work/advice.txt"   # the materialized view's query
must "workload: the queries of 1 of 1 materialized views (their refresh)" "$work/advice.txt"
must "tables without DISTSTYLE taken as EVEN (--default-diststyle even" "$work/advice.txt"
must "city_sales: 6000 rows" "$work/advice.txt"
must "seed EVEN ranks" "$work/advice.txt"
must "CREATE EXTERNAL TABLE spectrum.sales_ext (" "$work/advice.txt"  # the advised DDL keeps it as it is
must "CREATE MATERIALIZED VIEW buyer_totals" "$work/advice.txt"

# Nothing of the workload analysable: the advice is still printed, the exit status says so (3).
printf 'SELECT FROM;\nSET search_path TO public;\n' >"$work/none.sql"
rc=0
"$starshift" advise "$work/schema.sql" --db "$db_url" -q "$work/none.sql" >"$work/none.txt" 2>"$work/none.err" || rc=$?
[ $rc = 3 ] || { echo "advise with nothing analysable exited $rc, not 3" >&2; status=1; }
must "[starshift.cli.nothing_analysed]" "$work/none.err"
must "workload: 0 of 2 statements analysed" "$work/none.txt"
# A bad --default-diststyle is a usage error.
rc=0
"$starshift" advise "$work/schema.sql" --db "$db_url" --default-diststyle key >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || { echo "--default-diststyle key exited $rc, not 2" >&2; status=1; }

[ $status = 0 ] || cat "$work/run.log" "$work/advice.txt" "$work/advise.err" "$work/none.err" >&2
psql -q "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
exit $status
