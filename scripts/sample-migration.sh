#!/usr/bin/env bash
# A sample migration between local folders with the built hmig: builds a small
# "old cluster" warehouse (a few thousand files), copies it with the seed's full
# synchronisation line, changes the old cluster, and runs the seed's incremental
# line, showing DistCp-style counters for both.
set -euo pipefail
cd "$(dirname "$0")/.."
HMIG=${HMIG:-build/hmig}
WORK=${HMIG_DEMO_DIR:-/tmp/hmig-demo}
OLD=$WORK/oldcluster/user/hive/warehouse
NEW=$WORK/emr-cluster/user/hive/warehouse

rm -rf "$WORK"
echo "== building a sample old-cluster warehouse under $OLD"
files=0
for db in sales marketing staging; do
  for t in orders clicks users events; do
    for d in $(seq -w 1 12); do
      dir="$OLD/$db.db/$t/dt=2024-01-$d"
      mkdir -p "$dir"
      for p in $(seq -w 0 19); do
        # Deterministic content, a few hundred bytes to a few KiB per file.
        printf '%s,%s,%s,%s\n' $(seq 1 $(( (10#$p + 1) * 40 ))) > "$dir/part-000$p.orc"
        files=$((files + 1))
      done
    done
  done
done
echo "   $files files"

echo
echo "== full synchronisation (seed: hadoop distcp -pbugpcax -m 1000 -bandwidth 30 OLD NEW)"
mkdir -p "$(dirname "$NEW")"
"$HMIG" distcp -pbugpcax -m 16 -bandwidth 30 "$OLD" "$NEW"

echo
echo "== the old cluster keeps changing: 1 partition rewritten, 1 added, 1 dropped"
printf 'rewritten\n' > "$OLD/sales.db/orders/dt=2024-01-01/part-00000.orc"
mkdir -p "$OLD/sales.db/orders/dt=2024-01-13"
printf 'new,partition\n' > "$OLD/sales.db/orders/dt=2024-01-13/part-00000.orc"
rm -rf "$OLD/staging.db/events/dt=2024-01-12"

echo
echo "== incremental synchronisation (seed: hadoop distcp -pbugpcax -m 1000 -bandwidth 30 -update –delete OLD NEW)"
"$HMIG" distcp -pbugpcax -m 16 -bandwidth 30 -update –delete "$OLD" "$NEW"

echo
if diff -r "$OLD" "$NEW" >/dev/null; then
  echo "== old and new warehouses are identical (diff -r)"
else
  echo "== old and new warehouses differ" >&2
  exit 1
fi
