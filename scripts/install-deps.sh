#!/usr/bin/env bash
# Installs every system dependency of starshift from Debian 12's packages (idempotent).
# Usage: scripts/install-deps.sh   (as root, or with sudo available)
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates
  libpqxx-dev libpq-dev
  libboost-program-options-dev libboost-log-dev
  doctest-dev libbenchmark-dev
  libsimdjson-dev libpugixml-dev
  libcurl4-openssl-dev zlib1g-dev libzstd-dev libbz2-dev
  postgresql-15 postgresql-client-15
  python3 python3-psycopg2 python3-matplotlib
  python3-botocore
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Node.js and npm (for the S3 test server): a machine may already have them from another source (e.g. a nodejs
# build that bundles npm, which conflicts with Debian's npm package); install Debian's only when a command is missing.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
