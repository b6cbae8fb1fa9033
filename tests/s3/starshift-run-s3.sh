#!/usr/bin/env bash
# End-to-end: `starshift run` of tests/data/redshift/run/json.sql reading s3://run-bucket from s3rver (--s3-endpoint)
# gives exactly the tables the same script gives with --s3-map to the local folder. Needs the s3rver and pg fixtures.
#   starshift-run-s3.sh STARSHIFT S3RVER_STATE_DIR PG_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
starshift=$1 s3state=$2 pgdir=$3 src=$4 work=$5

port=$(cat "$s3state/port")
pg_url=$(cat "$pgdir/url")
endpoint="http://127.0.0.1:$port"
data="$src/tests/data/redshift/run/data"
script="$src/tests/data/redshift/run/json.sql"
rm -rf "$work" && mkdir -p "$work"

# The script names s3://run-bucket: upload the data folder there (s3rver's built-in key S3RVER/S3RVER).
bucket=run-bucket
curl --fail --silent --show-error --aws-sigv4 "aws:amz:us-west-2:s3" --user S3RVER:S3RVER \
     -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -X PUT "$endpoint/$bucket" >/dev/null || true
(
    cd "$data"
    args=()
    while IFS= read -r f; do
        args+=(-T "$f" "$endpoint/$bucket/${f#./}")
    done < <(find . -type f | sort)
    curl --fail --silent --show-error --aws-sigv4 "aws:amz:us-west-2:s3" --user S3RVER:S3RVER \
         -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "${args[@]}" >/dev/null
)

db_url() { echo "${pg_url%/*}/$1"; }
for db in run_map run_s3; do
    psql -q -v ON_ERROR_STOP=1 "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
done

"$starshift" run "$script" --db "$(db_url run_map)" --s3-map "s3://$bucket=$data" >"$work/map.log" 2>&1 ||
    { cat "$work/map.log" >&2; exit 1; }
AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_PROFILE= AWS_REGION=us-west-2 \
    "$starshift" run "$script" --db "$(db_url run_s3)" --s3-endpoint "$endpoint" >"$work/s3.log" 2>&1 ||
    { cat "$work/s3.log" >&2; exit 1; }

status=0
for table in category_auto category_ignorecase category_paths category_array category_manifest event_nested; do
    q="SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') FROM $table t"
    a=$(psql -XAtq "$(db_url run_map)" -c "$q")
    b=$(psql -XAtq "$(db_url run_s3)" -c "$q")
    echo "$table: --s3-map $a | --s3-endpoint $b"
    if [ "$a" != "$b" ]; then echo "MISMATCH in $table" >&2; status=1; fi
    case "$a" in 0\ *) echo "EMPTY $table" >&2; status=1 ;; esac
done
grep -q "COPY category_manifest: 2 rows loaded, 0 rejected, from manifest s3://run-bucket/manifest/category.manifest: 2 files" "$work/s3.log" || { cat "$work/s3.log" >&2; status=1; }
for db in run_map run_s3; do psql -q "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done
exit $status
