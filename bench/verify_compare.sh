#!/usr/bin/env bash
# hmig verify vs `rclone check --checksum` vs `diff -r`, for time and agreement.
#
# Usage: bench/verify_compare.sh [DATASET...]        (default: small mixed)
# Env: BENCH_DIR [/tmp/hmig-bench]  HMIG [build/hmig]  RUNS [3]
#      COLD [0]: 1 = drop the page cache before every timed run (needs root)
#
# For each dataset (built by /work/shared/bench/make-datasets.sh, or
# $SHARED/bench/make-datasets.sh) it makes an identical copy (cp -a) and times the
# three tools comparing the two trees, page cache warm (the trees are read once
# first) or, with COLD=1, cold; median of RUNS. Then it makes a changed copy (hard links, then one
# file rewritten with the same length, one grown by a byte, one deleted, one added)
# and checks that the three tools name the same four paths.
set -euo pipefail
cd "$(dirname "$0")/.."
HMIG=$(realpath "${HMIG:-build/hmig}")
BENCH_DIR=${BENCH_DIR:-/tmp/hmig-bench}
RUNS=${RUNS:-3}
SHARED=${SHARED:-$(realpath ../shared 2>/dev/null || echo /work/shared)}
datasets=("$@")
[ ${#datasets[@]} -eq 0 ] && datasets=(small mixed)
command -v rclone >/dev/null || { echo "rclone is required" >&2; exit 1; }

bash "$SHARED/bench/make-datasets.sh" "$BENCH_DIR" "${datasets[@]}" >&2
cd "$BENCH_DIR"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
COLD=${COLD:-0}
seconds() {  # seconds CMD...: wall time of CMD (its exit status is ignored)
  local t0 t1
  if [ "$COLD" = 1 ]; then sync; echo 3 > /proc/sys/vm/drop_caches; fi
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", b - a}'
}
time_tool() {  # time_tool CMD...: median of RUNS
  for _ in $(seq "$RUNS"); do seconds "$@"; done | median
}

echo "| dataset | cache | files | hmig verify | rclone check --checksum | diff -r | hmig speed-up vs rclone | agreement |"
echo "|---|---|---|---|---|---|---|---|"
for ds in "${datasets[@]}"; do
  [ -d "$ds.copy" ] || cp -a "$ds" "$ds.copy"
  rm -rf "$ds.changed"
  cp -al "$ds" "$ds.changed"
  mapfile -t files < <(cd "$ds" && find . -type f | sort | sed 's|^\./||' | awk 'NR % 997 == 5' | head -3)
  # rewritten, same length (a hard link must be broken first)
  cp "$ds.changed/${files[0]}" "$ds.changed/tmp.$$"
  printf 'X' | dd of="$ds.changed/tmp.$$" bs=1 seek=7 conv=notrunc status=none
  cmp -s "$ds.changed/tmp.$$" "$ds/${files[0]}" && printf 'Y' | dd of="$ds.changed/tmp.$$" bs=1 seek=7 conv=notrunc status=none
  mv "$ds.changed/tmp.$$" "$ds.changed/${files[0]}"
  cp "$ds.changed/${files[1]}" "$ds.changed/tmp.$$" && printf 'Z' >> "$ds.changed/tmp.$$"
  mv "$ds.changed/tmp.$$" "$ds.changed/${files[1]}"
  rm "$ds.changed/${files[2]}"
  echo added > "$ds.changed/$(dirname "${files[0]}")/added-by-bench.txt"
  expected=$(printf '%s\n' "${files[0]}" "${files[1]}" "${files[2]}" "$(dirname "${files[0]}")/added-by-bench.txt" | sort)

  # Warm the page cache for everyone.
  [ "$COLD" = 1 ] || find "$ds" "$ds.copy" -type f -exec cat {} + >/dev/null
  t_hmig=$(time_tool "$HMIG" verify "$ds" "$ds.copy")
  t_rclone=$(time_tool rclone check --checksum "$ds" "$ds.copy")
  t_diff=$(time_tool diff -r "$ds" "$ds.copy")

  # Agreement on the changed copy.
  "$HMIG" verify "$ds" "$ds.changed" --json "$ds.hmig.json" >/dev/null || true
  got_hmig=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("\n".join(sorted(x["path"] for x in d["differences"])))' "$ds.hmig.json")
  rclone check --checksum "$ds" "$ds.changed" --combined "$ds.rclone.txt" >/dev/null 2>&1 || true
  got_rclone=$(grep -v '^= ' "$ds.rclone.txt" | cut -c3- | sort)
  got_diff=$(diff -r "$ds" "$ds.changed" 2>&1 | sed -nE "s|^Only in $ds(\.changed)?/?([^:]*): (.*)$|\2/\3|p; s|^(Binary )?[Ff]iles $ds/(.*) and .* differ$|\2|p" | sed 's|^/||' | sort || true)
  verdict=""
  [ "$got_hmig" = "$expected" ] || verdict="$verdict hmig-disagrees"
  [ "$got_rclone" = "$expected" ] || verdict="$verdict rclone-disagrees"
  [ "$got_diff" = "$expected" ] || verdict="$verdict diff-disagrees"
  [ -n "$verdict" ] || verdict="all three name the same 4 changed paths"
  nfiles=$(find "$ds" -type f | wc -l)
  speedup=$(awk -v a="$t_rclone" -v b="$t_hmig" 'BEGIN {print a / b}')
  printf '| %s | %s | %s | %.2f s | %.2f s | %.2f s | %.1fx | %s |\n' "$ds" "$([ "$COLD" = 1 ] && echo cold || echo warm)" "$nfiles" "$t_hmig" "$t_rclone" "$t_diff" "$speedup" "$verdict"
done
