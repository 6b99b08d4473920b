#!/usr/bin/env bash
# Installs every Debian package hmig needs to build, test and benchmark.
# Idempotent: when everything is present it only runs dpkg-query and exits.
set -euo pipefail

BUILD_PKGS=(
  build-essential cmake pkg-config ccache clang-format
  libisal-dev libssl-dev libcurl4-openssl-dev libkrb5-dev
  libmariadb-dev libpq-dev libsqlite3-dev
  nlohmann-json3-dev libpugixml-dev libcli11-dev libfmt-dev
  libacl1-dev libattr1-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
# Real services and tools the tests drive (never mocks of them).
TEST_PKGS=(
  mariadb-server mariadb-client postgresql postgresql-client
  krb5-kdc krb5-admin-server krb5-user
  acl attr e2fsprogs util-linux python3 openssl
  tzdata
  chromium fonts-dejavu-core  # headless rendering of the verify HTML report
)
BENCH_PKGS=(rsync rclone hyperfine time bc openssl curl)

want=("${BUILD_PKGS[@]}")
case "${1:-all}" in
  build) ;;
  test) want+=("${TEST_PKGS[@]}") ;;
  all) want+=("${TEST_PKGS[@]}" "${BENCH_PKGS[@]}") ;;
  *) echo "usage: $0 [build|test|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# policy-rc.d keeps the package scripts from starting system-wide database
# servers: the tests start their own on 127.0.0.1 under a temp dir.
if [ ! -e /usr/sbin/policy-rc.d ] && [ "$(id -u)" -eq 0 ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
