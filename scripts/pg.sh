#!/usr/bin/env bash
# A throwaway private PostgreSQL 15 cluster for tests and demos.
#
#   scripts/pg.sh start  DIR   initdb (once) and start; prints the connection URL (idempotent)
#   scripts/pg.sh stop   DIR   stop it (fine when already stopped or never created)
#   scripts/pg.sh status DIR   exit 0 and print "running <url>" when running, exit 3 otherwise
#   scripts/pg.sh url    DIR   print the URL of the running cluster (exit 3 when not running)
#   scripts/pg.sh env    DIR   print `export PGHOST=… PGPORT=… PGUSER=… PGDATABASE=… STARSHIFT_TEST_DATABASE_URL=…`
#
# Layout: DIR/cluster/{data,socket,postgres.log} belong to the server's user; DIR/port and DIR/url are written
# for callers (DIR/url holds postgresql://postgres@127.0.0.1:PORT/postgres).
#
# initdb and postgres refuse to run as root. As root this script creates (once) the unprivileged system user
# $STARSHIFT_PG_USER (default starshift-pg) and runs initdb/pg_ctl through `runuser -u USER --`. If that user cannot
# reach DIR (a parent directory without o+x), the cluster lives in ${TMPDIR:-/tmp}/starshift-pg.<hash of DIR>
# instead, and DIR/cluster_dir says where. As a normal user everything runs directly.
#
# Authentication is `trust`, listening only on a Unix socket inside the cluster folder and on 127.0.0.1, on the first
# free port from $STARSHIFT_PG_PORT_BASE (default 54320) upward. Durability is switched off (fsync, synchronous_commit,
# full_page_writes): a crash can corrupt this cluster, which is acceptable only because it is for tests.
set -euo pipefail

usage() {
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2

pg_user=${STARSHIFT_PG_USER:-starshift-pg}
port_base=${STARSHIFT_PG_PORT_BASE:-54320}
port_tries=200

find_bindir() {
    if [ -n "${STARSHIFT_PG_BIN:-}" ]; then echo "$STARSHIFT_PG_BIN"; return; fi
    local d
    for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
    done
    if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
    echo "pg.sh: no PostgreSQL server binaries found (install postgresql-15, or set STARSHIFT_PG_BIN)" >&2
    exit 1
}

die() { echo "pg.sh: $*" >&2; exit 1; }

is_root=0
[ "$(id -u)" -eq 0 ] && is_root=1

# Runs a command as the cluster's owner.
as_owner() {
    if [ "$is_root" -eq 1 ]; then
        runuser -u "$pg_user" -- "$@"
    else
        "$@"
    fi
}

ensure_user() {
    [ "$is_root" -eq 1 ] || return 0
    if ! id -u "$pg_user" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$pg_user" 2>/dev/null ||
            id -u "$pg_user" >/dev/null 2>&1 || die "could not create system user $pg_user"
    fi
}

if [ "$cmd" = start ]; then mkdir -p "$dir"; fi
if [ ! -d "$dir" ]; then
    case "$cmd" in
    stop) exit 0 ;;
    status) echo "stopped"; exit 3 ;;
    url | env) die "not running: $dir (run: $0 start $dir)" ;;
    *) usage ;;
    esac
fi
dir=$(cd "$dir" && pwd -P)

# Where the server's files live (DIR/cluster, or a fallback under /tmp recorded in DIR/cluster_dir).
cluster_dir() {
    if [ -f "$dir/cluster_dir" ]; then cat "$dir/cluster_dir"; else echo "$dir/cluster"; fi
}

prepare_cluster_dir() {
    local c="$dir/cluster"
    if [ -f "$dir/cluster_dir" ]; then
        c=$(cat "$dir/cluster_dir")
    fi
    mkdir -p "$c"
    if [ "$is_root" -eq 1 ]; then
        chown "$pg_user:" "$c"
        chmod 700 "$c"
        if ! runuser -u "$pg_user" -- test -w "$c"; then
            # A parent of DIR is not traversable for the server's user: use a private folder under /tmp.
            local hash
            hash=$(printf '%s' "$dir" | cksum | cut -d' ' -f1)
            c="${TMPDIR:-/tmp}/starshift-pg.$hash"
            mkdir -p "$c"
            chown "$pg_user:" "$c"
            chmod 700 "$c"
            runuser -u "$pg_user" -- test -w "$c" || die "user $pg_user cannot write $c"
            rmdir "$dir/cluster" 2>/dev/null || true
            echo "$c" >"$dir/cluster_dir"
        fi
    fi
    echo "$c"
}

# Runs a command as the cluster's owner with every file descriptor above 2 closed, so that the server started by
# pg_ctl holds neither our locks nor a caller's pipe (CTest waits for every holder of its output pipe).
as_owner_detached() {
    (
        for fd in /proc/$BASHPID/fd/*; do
            n=${fd##*/}
            if [ "$n" -gt 2 ] 2>/dev/null; then eval "exec $n>&-" 2>/dev/null || true; fi
        done
        as_owner "$@"
    )
}

port_in_use() {
    # Something already accepts connections on 127.0.0.1:$1 (bash's /dev/tcp; no ss/netstat needed).
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

is_running() {
    local c
    c=$(cluster_dir)
    [ -f "$c/data/PG_VERSION" ] || return 1
    as_owner "$bindir/pg_ctl" status -D "$c/data" >/dev/null 2>&1
}

url_for_port() { echo "postgresql://postgres@127.0.0.1:$1/postgres"; }

print_url() {
    [ -f "$dir/url" ] || die "no url recorded in $dir"
    cat "$dir/url"
}

do_init() {
    local c=$1
    [ -f "$c/data/PG_VERSION" ] && return 0
    rm -rf "${c:?}/data"
    as_owner "$bindir/initdb" -D "$c/data" -A trust -U postgres -E UTF8 --locale=C --no-instructions \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    local socket_dir="$c"
    # Unix socket paths are limited to 107 bytes; a deep build tree gets TCP only.
    if [ ${#socket_dir} -gt 90 ]; then socket_dir=""; fi
    as_owner tee -a "$c/data/postgresql.conf" >/dev/null <<EOF

# --- starshift test cluster (scripts/pg.sh): NOT for data you want to keep ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$socket_dir'
unix_socket_permissions = 0777
max_connections = 100
shared_buffers = 256MB
work_mem = 32MB
maintenance_work_mem = 256MB
max_wal_size = 4GB
min_wal_size = 256MB
checkpoint_timeout = 30min
wal_level = minimal
max_wal_senders = 0
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
log_min_messages = warning
log_line_prefix = '%m [%p] %d '
timezone = 'UTC'
log_timezone = 'UTC'
datestyle = 'iso, mdy'
lc_messages = 'C'
EOF
}

do_start() {
    exec 9>"$dir/.lock"
    flock 9
    if is_running; then
        print_url
        return 0
    fi
    ensure_user
    local c
    c=$(prepare_cluster_dir)
    do_init "$c"
    # Ports are chosen under a machine-wide lock so that concurrent starts (parallel builds) do not collide.
    local lockfile="${TMPDIR:-/tmp}/starshift-pg-ports.lock"
    exec 8>>"$lockfile"
    chmod a+rw "$lockfile" 2>/dev/null || true
    flock 8
    # A port can look free to a connect() probe and still fail to bind (another cluster starting or stopping on
    # it, a socket in the kernel's hands): then the next free port is tried, a few times.
    local port="" p i attempt log="$c/postgres.log" tried=" "
    for attempt in 1 2 3 4 5; do
        port=""
        if [ -f "$dir/port" ]; then
            p=$(cat "$dir/port")
            case "$tried" in *" $p "*) ;; *) port_in_use "$p" || port=$p ;; esac
        fi
        if [ -z "$port" ]; then
            for ((i = 0; i < port_tries; i++)); do
                p=$((port_base + i))
                case "$tried" in *" $p "*) continue ;; esac
                if ! port_in_use "$p"; then port=$p; break; fi
            done
        fi
        [ -n "$port" ] || die "no free port in $port_base..$((port_base + port_tries - 1))"
        if as_owner_detached "$bindir/pg_ctl" start -D "$c/data" -l "$log" -w -t 60 -o "-p $port" \
            </dev/null >"$dir/pg_ctl.log" 2>&1; then
            break
        fi
        if [ "$attempt" -lt 5 ] && tail -n 20 "$log" 2>/dev/null | grep -q "Address already in use"; then
            echo "pg.sh: port $port could not be bound; trying another" >&2
            tried="$tried$port "
            continue
        fi
        cat "$dir/pg_ctl.log" >&2
        tail -n 30 "$log" >&2 2>/dev/null || true
        die "pg_ctl start failed (port $port)"
    done
    flock -u 8
    echo "$port" >"$dir/port"
    url_for_port "$port" >"$dir/url"
    print_url
}

do_stop() {
    exec 9>"$dir/.lock"
    flock 9
    local c
    c=$(cluster_dir)
    if [ ! -f "$c/data/PG_VERSION" ]; then return 0; fi
    if is_running; then
        as_owner "$bindir/pg_ctl" stop -D "$c/data" -m fast -w -t 60 >/dev/null ||
            die "pg_ctl stop failed (see $c/postgres.log)"
    fi
    echo "stopped $dir"
}

bindir=$(find_bindir)

case "$cmd" in
start) do_start ;;
stop) do_stop ;;
status)
    if is_running; then echo "running $(print_url)"; else echo "stopped"; exit 3; fi
    ;;
url)
    is_running || die "not running: $dir (run: $0 start $dir)"
    print_url
    ;;
env)
    is_running || die "not running: $dir (run: $0 start $dir)"
    echo "export PGHOST=127.0.0.1 PGPORT=$(cat "$dir/port") PGUSER=postgres PGDATABASE=postgres" \
        "STARSHIFT_TEST_DATABASE_URL=$(print_url)"
    ;;
*) usage ;;
esac
