#!/usr/bin/env bash
# End-to-end: `starshift run` of tests/data/redshift/run/json.sql reading s3://run-bucket from s3rver (--s3-endpoint)
# gives exactly the tables the same script gives with --s3-map to the local folder. Needs the s3rver and pg fixtures.
#   starshift-run-s3.sh STARSHIFT S3RVER_STATE_DIR PG_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
source "$(dirname "$0")/s3_compare_lib.sh"
starshift=$1 s3state=$2 pgdir=$3 src=$4 work=$5
use_fixtures "$s3state" "$pgdir"
data="$src/tests/data/redshift/run/data"
script="$src/tests/data/redshift/run/json.sql"
rm -rf "$work" && mkdir -p "$work"

# The script names s3://run-bucket: upload the data folder there.
bucket=run-bucket
upload_folder "$bucket" "$data"
recreate_databases run_map run_s3

"$starshift" run "$script" --db "$(db_url run_map)" --s3-map "s3://$bucket=$data" >"$work/map.log" 2>&1 ||
    { cat "$work/map.log" >&2; exit 1; }
AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_PROFILE= AWS_REGION=us-west-2 \
    "$starshift" run "$script" --db "$(db_url run_s3)" --s3-endpoint "$endpoint" >"$work/s3.log" 2>&1 ||
    { cat "$work/s3.log" >&2; exit 1; }

status=0
compare_tables run_map --s3-map run_s3 --s3-endpoint \
    category_auto category_ignorecase category_paths category_array category_manifest event_nested || status=1
grep -q "COPY category_manifest: 2 rows loaded, 0 rejected, from manifest s3://run-bucket/manifest/category.manifest: 2 files" "$work/s3.log" || { cat "$work/s3.log" >&2; status=1; }
drop_databases run_map run_s3
exit $status
