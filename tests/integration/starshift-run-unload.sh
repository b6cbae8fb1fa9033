#!/usr/bin/env bash
# End-to-end UNLOAD → COPY round trip (tests/data/redshift/unload/roundtrip.sql) with `starshift run`:
#   map: s3://unload-bucket mapped to a local folder (--s3-map); checks the documented file names too
#   s3:  s3://unload-bucket on s3rver (--s3-endpoint)
# Then tests/data/redshift/unload/again.sql UNLOADs to the first prefix again without ALLOWOVERWRITE: it must fail
# with [starshift.unload.would_overwrite].
#   starshift-run-unload.sh STARSHIFT map PG_DIR SOURCE_DIR WORK_DIR
#   starshift-run-unload.sh STARSHIFT s3  PG_DIR SOURCE_DIR WORK_DIR S3RVER_STATE_DIR
# https://docs.aws.amazon.com/redshift/latest/dg/r_UNLOAD.html
set -euo pipefail
starshift=$1 mode=$2 pgdir=$3 src=$4 work=$5
script="$src/tests/data/redshift/unload/roundtrip.sql"
pg_url=$(cat "$pgdir/url")
db="unload_$mode"
db_url="${pg_url%/*}/$db"
rm -rf "$work" && mkdir -p "$work/bucket"
psql -q -v ON_ERROR_STOP=1 "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
trap 'psql -q "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

if [ "$mode" = map ]; then
    store=(--s3-map "s3://unload-bucket=$work/bucket")
else
    endpoint="http://127.0.0.1:$(cat "$6/port")"
    # A fresh bucket: delete the objects an earlier run left, then (re)create it.
    for key in $(curl --silent --aws-sigv4 "aws:amz:us-west-2:s3" --user S3RVER:S3RVER \
                      -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$endpoint/unload-bucket?list-type=2" |
                 grep -o '<Key>[^<]*</Key>' | sed 's/<[^>]*>//g'); do
        curl --fail --silent --aws-sigv4 "aws:amz:us-west-2:s3" --user S3RVER:S3RVER \
             -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -X DELETE "$endpoint/unload-bucket/$key" >/dev/null
    done
    curl --silent --aws-sigv4 "aws:amz:us-west-2:s3" --user S3RVER:S3RVER \
         -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -X PUT "$endpoint/unload-bucket" >/dev/null || true
    export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_PROFILE= AWS_REGION=us-west-2
    store=(--s3-endpoint "$endpoint")
fi

"$starshift" run "$script" --db "$db_url" "${store[@]}" >"$work/run.log" 2>&1 || { cat "$work/run.log" >&2; exit 1; }
status=0
expect() { grep -qF -- "$1" "$work/run.log" || { echo "missing in the run's output: $1" >&2; status=1; }; }
expect "UNLOAD to s3://unload-bucket/text/venue_: 6 rows in 4 files"
expect "UNLOAD to s3://unload-bucket/json/venue_: 6 rows in 4 files"
serial=s3://unload-bucket/serial/numbers_
expect "UNLOAD to $serial: 60000 rows in 2 files, manifest ${serial}manifest"
expect "COPY numbers_back: 60000 rows loaded, 0 rejected, from manifest ${serial}manifest: 2 files"
summary="statements run: 15 CREATE TABLE, 11 COPY (60049 rows loaded, 0 rejected), "
summary+="11 UNLOAD (60049 rows unloaded), 13 translated"
expect "$summary"
if [ "$mode" = map ]; then
    for f in text/venue_0000_part_00 text/venue_0003_part_00 gz/venue_0002_part_00.gz zst/venue_0001_part_00.zst \
             bz2/venue_0000_part_00.bz2 serial/numbers_000; do
        [ -f "$work/bucket/$f" ] || { echo "missing file $f" >&2; status=1; }
    done
    [ ! -e "$work/bucket/serial/numbers_001" ] || { echo "CLEANPATH left serial/numbers_001" >&2; status=1; }
fi

# The first UNLOAD's prefix again: its files exist, so without ALLOWOVERWRITE it fails and overwrites nothing.
if "$starshift" run "$src/tests/data/redshift/unload/again.sql" --db "$db_url" "${store[@]}" >"$work/again.log" 2>&1
then
    echo "the second UNLOAD without ALLOWOVERWRITE succeeded" >&2
    status=1
fi
grep -q "\[starshift.unload.would_overwrite\]" "$work/again.log" || { cat "$work/again.log" >&2; status=1; }
if [ "$mode" = map ]; then
    # ALLOWOVERWRITE's UNLOAD (2 rows) left venue_0000_part_00 with venueid 1; the refused one changed nothing.
    grep -q "^1|Pinewood" "$work/bucket/text/venue_0000_part_00" || { echo "venue_0000_part_00 changed" >&2; status=1; }
fi
[ $status -eq 0 ] || cat "$work/run.log" >&2
exit $status
