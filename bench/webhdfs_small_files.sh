#!/usr/bin/env bash
# Many small files file -> webhdfs against the WebHDFS test server: hmig distcp
# (20 workers) next to curl doing the same two-step CREATE with 20 in parallel.
# Per-file cost is round trips (NameNode step, DataNode step, and for hmig the
# temp-name + rename, attribute and check calls), so this measures files/s.
# Usage: bench/webhdfs_small_files.sh [FILES] [SIZE_BYTES]
set -euo pipefail
PY=$([ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)
cd "$(dirname "$0")/.."
FILES=${1:-500}
SIZE=${2:-4096}
BUILD=${BUILD:-build}
HMIG=${HMIG:-$BUILD/hmig}
# The server's per-chunk CRC loop in C (tests/webhdfs/server/chunk_crcs.cpp).
HELPER=${HELPER:-$BUILD/tests/webhdfs/libwebhdfs_chunk_crcs.so}
work=$(mktemp -d /tmp/hmig-webhdfs-small.XXXXXX)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/root" "$work/src"
"$PY" -B tests/webhdfs/server/webhdfs_server.py --root "$work/root" --port-file "$work/ports.json" \
  --superuser bench ${HELPER:+--crc-helper "$HELPER"} >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 100); do [ -f "$work/ports.json" ] && break; sleep 0.1; done
NN=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['namenode'])" "$work/ports.json")
export HADOOP_USER_NAME=bench NN
for i in $(seq "$FILES"); do head -c "$SIZE" /dev/urandom > "$work/src/f$i"; done
base="http://127.0.0.1:$NN/webhdfs/v1"
curl -sS -X PUT "$base/curl?op=MKDIRS&user.name=bench" >/dev/null
put_one() {
  loc=$(curl -sS -o /dev/null -w '%{redirect_url}' -X PUT "http://127.0.0.1:$NN/webhdfs/v1/curl/$(basename "$1")?op=CREATE&overwrite=true&user.name=bench")
  curl -sS -f -o /dev/null -X PUT -H 'Expect:' -T "$1" "$loc"
}
export -f put_one
t0=$(date +%s.%N)
ls "$work/src" | sed "s|^|$work/src/|" | xargs -P 20 -I{} bash -c 'put_one {}'
t1=$(date +%s.%N)
"$HMIG" distcp -m 20 "$work/src" "webhdfs://127.0.0.1:$NN/hmig" >/dev/null
t2=$(date +%s.%N)
python3 - "$t0" "$t1" "$t2" "$FILES" <<'PY'
import sys
t0, t1, t2, n = map(float, sys.argv[1:])
print("files %d: curl x20 %.0f files/s, hmig distcp -m 20 %.0f files/s, ratio %.2f"
      % (n, n / (t1 - t0), n / (t2 - t1), (t1 - t0) / (t2 - t1)))
PY
