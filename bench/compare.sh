#!/usr/bin/env bash
# Side-by-side benchmark of hmig distcp, rsync -a and rclone sync on the shared
# datasets (../shared/bench/make-datasets.sh), in one run on one machine.
#
# usage: bench/compare.sh [DATASET ...]        (default: small large mixed)
# env:   DATA   dataset dir (default /work/bench-data; generated there if missing)
#        WORK   scratch dir for targets (default /work/bench-work; wiped)
#        CACHE  "warm cold" (default) - cold drops the page cache before each command
#        TOOLS  "hmig rsync rclone" (default)   HMIG  path of the hmig binary
#        FRESH_FS  an image file: before each tool, a fresh ext4 is made in it and
#               mounted at WORK (root only), so no tool inherits the previous one's
#               deleted inodes (ext4's allocator slows down 5-10x after several
#               100,000-file trees were deleted, whichever tool runs next)
#        MUT    where the mutated copy of a dataset goes (default WORK; it is
#               hard-linked from DATA, so it must be on DATA's filesystem)
#
# Phases per dataset and tool: full copy into an empty target; no-change re-sync;
# re-sync after the shared mutation (1% modified, 0.5% deleted, 0.5% added);
# a checksum verification pass. Prints wall seconds, CPU seconds (user+sys) and
# peak RSS per command, as a Markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED_BENCH:-$(cd "$here/../../shared/bench" && pwd)}
DATA=${DATA:-/work/bench-data}
WORK=${WORK:-/work/bench-work}
CACHE=${CACHE:-"warm cold"}
FRESH_FS=${FRESH_FS:-}
MUT=${MUT:-$WORK}
TOOLS=${TOOLS:-"hmig rsync rclone"}
HMIG=${HMIG:-$here/../build/hmig}
datasets=("$@")
[ ${#datasets[@]} -eq 0 ] && datasets=(small large mixed)

for d in "${datasets[@]}"; do
  [ -d "$DATA/$d" ] || bash "$shared/make-datasets.sh" "$DATA" "$d" >&2
done

can_drop=0
if sync && echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then can_drop=1; fi

# run LABEL CMD...: prints one table row; cold mode drops caches first.
run() {
  local label=$1 mode=$2; shift 2
  if [ "$mode" = cold ]; then
    if [ $can_drop = 0 ]; then echo "| $label | $mode | n/a (cannot drop caches) | | |"; return; fi
    sync; echo 3 > /proc/sys/vm/drop_caches
  else
    # Warm: the source is in the page cache from the earlier phases. Flush what the
    # previous command left dirty, so no tool pays for another's writeback.
    sync
  fi
  local rc=0
  /usr/bin/time -o "$WORK/.time" -f '%e %U %S %M' "$@" >"$WORK/.out" 2>&1 || rc=$?
  # rsync --dry-run --checksum and rclone check exit non-zero when they find differences
  if [ $rc -ne 0 ] && [ "$label" = "${label%verification}" ]; then
    echo "| $label | $mode | FAILED (exit $rc): $(tail -1 "$WORK/.out") | | |"; return
  fi
  read -r wall user sys rss < <(tail -1 "$WORK/.time")
  printf '| %s | %s | %.2f | %.2f | %d |\n' "$label" "$mode" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}

[ -n "$FRESH_FS" ] && trap 'umount "$WORK" 2>/dev/null || true' EXIT
fresh_fs() {
  [ -n "$FRESH_FS" ] || return 0
  sync
  umount "$WORK" 2>/dev/null || true
  [ -f "$FRESH_FS" ] || truncate -s 16G "$FRESH_FS"
  mkfs.ext4 -q -F "$FRESH_FS"
  mkdir -p "$WORK"
  mount -o loop "$FRESH_FS" "$WORK"
}

copy_cmd() {  # tool src dst
  case $1 in
    hmig) echo "$HMIG distcp -update -m 16 --state $WORK/state-$(basename "$3") $2 $3" ;;
    rsync) echo "rsync -a --delete $2/ $3/" ;;
    rclone) echo "rclone sync --transfers 16 --checkers 16 $2 $3" ;;
  esac
}
sync_cmd() {  # incremental, with deletes
  case $1 in
    hmig) echo "$HMIG distcp -update -delete -m 16 --state $WORK/state-$(basename "$3") $2 $3" ;;
    *) copy_cmd "$@" ;;
  esac
}
verify_cmd() {  # read both sides and compare by checksum
  case $1 in
    hmig) echo "$HMIG distcp -update -m 16 --state $WORK/verify-state-$RANDOM $2 $3" ;;
    rsync) echo "rsync -a --checksum --dry-run $2/ $3/" ;;
    rclone) echo "rclone check --checksum --checkers 16 $2 $3" ;;
  esac
}

echo "# bench/compare.sh on $(hostname), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# hmig $($HMIG --version | cut -d' ' -f2), $(rsync --version | head -1 | cut -d' ' -f1-4), $(rclone version | head -1)"
echo
echo "| dataset / tool / phase | cache | wall s | cpu s | peak RSS MiB |"
echo "|---|---|---|---|---|"
for d in "${datasets[@]}"; do
  src=$DATA/$d
  mut=$MUT/$d-mutated
  rm -rf "$mut" && mkdir -p "$MUT" "$WORK" && cp -al "$src" "$mut"
  python3 "$shared/lib/mutate.py" "$mut" 7 < <(openssl enc -aes-128-ctr -K 00112233445566778899aabbccddeeff -iv 00000000000000000000000000000000 -nosalt -in /dev/zero 2>/dev/null || true) >/dev/null
  for mode in $CACHE; do
    for tool in $TOOLS; do
      fresh_fs
      dst=$WORK/$d-$tool
      rm -rf "$dst" "$WORK/state-$d-$tool" "$WORK"/verify-state-*
      [ "$mode" = warm ] && find "$src" -type f -exec cat {} + >/dev/null
      run "$d / $tool / full copy" "$mode" $(copy_cmd $tool "$src" "$dst")
      run "$d / $tool / no-change re-sync" "$mode" $(copy_cmd $tool "$src" "$dst")
      run "$d / $tool / re-sync after 1%/0.5%/0.5% change" "$mode" $(sync_cmd $tool "$mut" "$dst")
      if ! diff -rq "$mut" "$dst" >/dev/null 2>&1; then echo "| $d / $tool | $mode | TARGET DIFFERS FROM SOURCE | | |"; fi
      run "$d / $tool / checksum verification" "$mode" $(verify_cmd $tool "$mut" "$dst")
      rm -rf "$dst"
    done
  done
  rm -rf "$mut"
done
