#!/usr/bin/env bash
# Installs the S3-protocol test server s3rver 3.7.1 (npm) into a project-local folder (idempotent).
# Usage: tests/s3/install-s3rver.sh [DIR]   (default: <repo>/build/tools) -> DIR/node_modules/s3rver/bin/s3rver.js
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${1:-$here/../../build/tools}"
mkdir -p "$dir"
if [ -f "$dir/node_modules/s3rver/bin/s3rver.js" ]; then
  echo "install-s3rver: present in $dir"
  exit 0
fi
command -v npm >/dev/null || { echo "install-s3rver: npm missing (scripts/install-deps.sh installs nodejs npm)" >&2; exit 1; }
cd "$dir"
[ -f package.json ] || echo '{"name":"starshift-test-tools","private":true}' > package.json
npm install --no-audit --no-fund --loglevel=error s3rver@3.7.1
echo "install-s3rver: installed into $dir"
