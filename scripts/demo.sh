#!/usr/bin/env bash
# README command 1: install what is needed, build, run a sample migration.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh build
bash scripts/build.sh
bash scripts/sample-migration.sh
