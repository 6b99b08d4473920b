#!/usr/bin/env bash
# Throughput of hmig's WebHDFS backend next to curl doing the same transfers
# against the same WebHDFS test server (tests/webhdfs/server/webhdfs_server.py):
#   file -> webhdfs: curl = PUT CREATE to the NameNode, then PUT -T to the DataNode Location
#                    hmig = hmig distcp <dir> webhdfs://.../dir, twice: as is (every upload
#                           checked against the cluster's GETFILECHECKSUM, hmig computing
#                           the same MD5-of-MD5-of-CRC32C while streaming) and -update -skipcrccheck
#   webhdfs -> file: curl = GET OPEN following the 307 to the DataNode
#                    hmig = hmig distcp webhdfs://.../file <file> (as is: length + CRC32C check)
# The server's DataNode computes the chunk CRCs of every upload while writing it, as a
# real DataNode does, for curl's uploads and hmig's alike; GETFILECHECKSUM then only
# hashes the stored CRCs.
# Each run does every transfer once, in an order that rotates from run to run (so
# load from other processes hits all of them alike); the table gives medians over
# RUNS and every sample.
# Usage: [BENCH_TMP=DIR] bench/webhdfs_throughput.sh [SIZE_MB] [RUNS]   (build first)
set -euo pipefail
PY=$([ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)
cd "$(dirname "$0")/.."
SIZE_MB=${1:-512}
RUNS=${2:-5}
BUILD=${BUILD:-build}
HMIG=${HMIG:-$BUILD/hmig}
# The server's per-chunk CRC loop in C (tests/webhdfs/server/chunk_crcs.cpp).
HELPER=${HELPER:-$BUILD/tests/webhdfs/libwebhdfs_chunk_crcs.so}
[ -f "$HELPER" ] || { echo "missing $HELPER: build the webhdfs_chunk_crcs target" >&2; exit 2; }
# BENCH_TMP=/dev/shm keeps disk writeback (other builds on the machine) out of the figures.
work=$(mktemp -d "${BENCH_TMP:-/tmp}/hmig-webhdfs-bench.XXXXXX")
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/root" "$work/src"
"$PY" -B tests/webhdfs/server/webhdfs_server.py --root "$work/root" --port-file "$work/ports.json" \
  --superuser bench --crc-helper "$HELPER" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 100); do [ -f "$work/ports.json" ] && break; sleep 0.1; done
NN=$("$PY" -c "import json,sys;print(json.load(open(sys.argv[1]))['namenode'])" "$work/ports.json")
export HADOOP_USER_NAME=bench
head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom > "$work/src/data.bin"
base="http://127.0.0.1:$NN/webhdfs/v1"
curl -sS -X PUT "$base/bench?op=MKDIRS&user.name=bench" >/dev/null

now() { date +%s.%N; }
samples="$work/samples.tsv"
: > "$samples"
record() { echo -e "$1\t$2\t$3" >> "$samples"; }  # name, t0, t1
hmig_up() {  # $1: label, then distcp flags
  local label=$1; shift
  curl -sS -X DELETE "$base/bench/hmig?op=DELETE&recursive=true&user.name=bench" >/dev/null
  local t0; t0=$(now)
  "$HMIG" distcp "$@" "$work/src" "webhdfs://127.0.0.1:$NN/bench/hmig" >/dev/null
  record "$label" "$t0" "$(now)"
}

curl_up() {
  local t0; t0=$(now)
  loc=$(curl -sS -o /dev/null -w '%{redirect_url}' -X PUT "$base/bench/curl.bin?op=CREATE&overwrite=true&user.name=bench")
  curl -sS -f -o /dev/null -X PUT -H 'Expect:' -H 'Content-Type: application/octet-stream' -T "$work/src/data.bin" "$loc"
  record curl_up "$t0" "$(now)"
}
curl_down() {
  rm -f "$work/curl-down.bin"
  local t0; t0=$(now)
  curl -sS -f -L -o "$work/curl-down.bin" "$base/bench/curl.bin?op=OPEN&user.name=bench"
  record curl_down "$t0" "$(now)"
}
hmig_down() {
  rm -f "$work/down.bin"
  local t0; t0=$(now)
  "$HMIG" distcp "webhdfs://127.0.0.1:$NN/bench/hmig/data.bin" "$work/down.bin" >/dev/null
  record hmig_down "$t0" "$(now)"
  cmp -s "$work/src/data.bin" "$work/down.bin" || { echo "downloaded bytes differ" >&2; exit 1; }
}
up_verified() { hmig_up hmig_up_verified; }
up_skipcrc() { hmig_up hmig_up_skipcrccheck -update -skipcrccheck; }

# The order rotates from run to run, and dirty pages of the previous transfer are
# written out (sync, untimed) before each one, so no transfer pays for another's.
uploads=(curl_up up_verified up_skipcrc)
downloads=(curl_down hmig_down)
for run in $(seq "$RUNS"); do
  for i in 0 1 2; do sync; ${uploads[$(((run + i) % 3))]}; done
  for i in 0 1; do sync; ${downloads[$(((run + i) % 2))]}; done
done

"$PY" - "$samples" "$SIZE_MB" "$RUNS" <<'PY'
import statistics, sys
path, size, runs = sys.argv[1], float(sys.argv[2]), sys.argv[3]
rates = {}
for line in open(path):
    name, t0, t1 = line.split("\t")
    rates.setdefault(name, []).append(size / (float(t1) - float(t0)))
med = {k: statistics.median(v) for k, v in rates.items()}
print("size %d MiB, median of %s runs (MiB/s); samples in run order" % (size, runs))
print("%-36s %8s %8s %6s   %s" % ("direction", "curl", "hmig", "ratio", "hmig samples / curl samples"))
for label, c, h in (("file -> webhdfs (verified)", "curl_up", "hmig_up_verified"),
                    ("file -> webhdfs (-skipcrccheck)", "curl_up", "hmig_up_skipcrccheck"),
                    ("webhdfs -> file", "curl_down", "hmig_down")):
    print("%-36s %8.1f %8.1f %6.2f   %s / %s" % (label, med[c], med[h], med[h] / med[c],
          " ".join("%.0f" % r for r in rates[h]), " ".join("%.0f" % r for r in rates[c])))
PY
