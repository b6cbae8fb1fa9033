#!/usr/bin/env bash
# CTest fixture for the S3 integration tests: starts/stops s3rver 3.7.1 on 127.0.0.1 (a free port).
# Usage: s3rver-fixture.sh start STATE_DIR TOOLS_DIR   → STATE_DIR/port, STATE_DIR/pid, STATE_DIR/data
#        s3rver-fixture.sh stop STATE_DIR
# Buckets: starshift-test, udacity-dend. s3rver accepts the access key S3RVER (secret S3RVER), rejects unknown
# access key ids (403 InvalidAccessKeyId) and does not verify SigV4 signatures.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:?start|stop}"
state="${2:?STATE_DIR}"
case "$cmd" in
  start)
    tools="${3:?TOOLS_DIR}"
    mkdir -p "$state"
    if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then kill "$(cat "$state/pid")" || true; fi
    rm -rf "$state/data" "$state/port" "$state/pid"
    "$here/install-s3rver.sh" "$tools" >"$state/install.log" 2>&1 || { cat "$state/install.log" >&2; exit 1; }
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    mkdir -p "$state/data"
    nohup node --openssl-legacy-provider "$tools/node_modules/s3rver/bin/s3rver.js" -d "$state/data" \
      -a 127.0.0.1 -p "$port" --configure-bucket starshift-test --configure-bucket udacity-dend --silent \
      >"$state/s3rver.log" 2>&1 &
    echo $! >"$state/pid"
    for _ in $(seq 1 100); do
      if python3 -c "import socket,sys; s=socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null; then
        echo "$port" >"$state/port"
        echo "s3rver: http://127.0.0.1:$port (pid $(cat "$state/pid"))"
        exit 0
      fi
      kill -0 "$(cat "$state/pid")" 2>/dev/null || break
      sleep 0.1
    done
    echo "s3rver did not start:" >&2; cat "$state/s3rver.log" >&2; exit 1 ;;
  stop)
    if [ -f "$state/pid" ]; then kill "$(cat "$state/pid")" 2>/dev/null || true; rm -f "$state/pid" "$state/port"; fi
    rm -rf "$state/data" ;;
  *) echo "usage: $0 start|stop STATE_DIR [TOOLS_DIR]" >&2; exit 2 ;;
esac
