# Shared by the end-to-end S3 scripts (sourced, not run): the fixtures' addresses, uploading a folder to s3rver,
# scratch databases on the pg fixture, and comparing the tables two loads gave.

# use_fixtures S3RVER_STATE_DIR PG_DIR: sets $endpoint (s3rver's URL) and $pg_url (the fixture's), which the
# functions below use.
use_fixtures() {
    endpoint="http://127.0.0.1:$(cat "$1/port")"
    pg_url=$(cat "$2/url")
}

# upload_folder BUCKET DIR: creates BUCKET (if it is not there yet) and uploads every file below DIR with curl's
# SigV4 (s3rver's built-in key S3RVER/S3RVER), keys relative to DIR.
upload_folder() {
    local bucket=$1 dir=$2
    curl --fail --silent --show-error --aws-sigv4 "aws:amz:us-west-2:s3" --user S3RVER:S3RVER \
         -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -X PUT "$endpoint/$bucket" >/dev/null 2>&1 || true
    (
        cd "$dir"
        local args=() f
        while IFS= read -r f; do
            args+=(-T "$f" "$endpoint/$bucket/${f#./}")
        done < <(find . -type f | sort)
        curl --fail --silent --show-error --aws-sigv4 "aws:amz:us-west-2:s3" --user S3RVER:S3RVER \
             -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "${args[@]}" >/dev/null
    )
}

# db_url NAME: the fixture's URL with another database name.
db_url() { echo "${pg_url%/*}/$1"; }

# recreate_databases NAME...: drops and creates each database.
recreate_databases() {
    local db
    for db in "$@"; do
        psql -q -v ON_ERROR_STOP=1 "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    done
}

# drop_databases NAME...
drop_databases() {
    local db
    for db in "$@"; do psql -q "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done
}

# compare_tables DB_A LABEL_A DB_B LABEL_B TABLE[:COLUMNS]...: the row count and an md5 of the sorted rows of each
# table (COLUMNS, default all) in both databases; prints them, returns 1 when any differs or
# DB_A's table is empty or unreadable.
compare_tables() {
    local db_a=$1 label_a=$2 db_b=$3 label_b=$4 status=0 spec table cols q a b
    shift 4
    for spec in "$@"; do
        table=${spec%%:*} cols='*'
        [ "$spec" != "$table" ] && cols=${spec#*:}
        q="SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-')
           FROM (SELECT $cols FROM $table) t"
        a=$(psql -XAtq "$(db_url "$db_a")" -c "$q")
        b=$(psql -XAtq "$(db_url "$db_b")" -c "$q")
        echo "$table: $label_a $a | $label_b $b"
        if [ -z "$a" ] || [ "$a" != "$b" ]; then echo "MISMATCH in $table" >&2; status=1; fi
        case "$a" in 0\ *) echo "EMPTY $table" >&2; status=1 ;; esac
    done
    return $status
}
