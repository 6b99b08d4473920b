#!/usr/bin/env bash
# Installs what is needed, builds, starts the real test services (through CTest
# fixtures: MariaDB, PostgreSQL, the WebHDFS test server, ...) and runs every test;
# then rebuilds with ASan+UBSan and runs the unit tests under them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh test

echo "== build (Release)"
BUILD_DIR=build bash scripts/build.sh
echo "== tests"
(cd build && ctest --output-on-failure -j"$(nproc)" --timeout 900)

if [ "${HMIG_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo "== build (ASan+UBSan)"
  BUILD_DIR=build-asan BUILD_TYPE=Debug bash scripts/build.sh -DHMIG_SANITIZE=ON
  echo "== unit tests under ASan+UBSan"
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --output-on-failure -j"$(nproc)" -L unit)
fi
