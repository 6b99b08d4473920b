#!/usr/bin/env bash
# Benchmarks `hmig hive rewrite-dump` on a large synthetic mysqldump-style file
# (and a pg_dump COPY-style one): extended INSERTs with ~1 MB lines into SDS,
# PARTITIONS, PARTITION_PARAMS, SERDE_PARAMS and COLUMNS_V2, with escaped and
# unicode paths, traps and other schemes mixed in. Prints MB/s per run.
#
#   bench/hive_rewrite_dump.sh [SIZE_MB] [BUILD_DIR]     (default 1024 MB, build)
#   RUNS=N (default 5): runs per dump and medium (disk, tmpfs); the median is printed last.
#
# Each dump is rewritten twice over: input and output on the temp dir's disk
# (end to end, including the final fsync of the output), and on /dev/shm (tmpfs)
# when it has room, which measures the rewriter without the disk. The machine
# may be shared: report the medians.
set -euo pipefail
size_mb=${1:-1024}
build=${2:-build}
runs=${RUNS:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
hmig=$here/$build/hmig
dir=$(mktemp -d /tmp/hmig-bench-dump-XXXXXX)
trap 'rm -rf "$dir"' EXIT

python3 - "$dir" "$size_mb" <<'PY'
import sys, os
d, size_mb = sys.argv[1], int(sys.argv[2])
target = size_mb * 1024 * 1024
def mysql(path):
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write("-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB\n/*!40101 SET NAMES utf8mb4 */;\n")
        f.write("CREATE TABLE `SDS` (\n  `SD_ID` bigint(20) NOT NULL,\n  `CD_ID` bigint(20) DEFAULT NULL,\n"
                "  `INPUT_FORMAT` varchar(4000) DEFAULT NULL,\n  `IS_COMPRESSED` bit(1) NOT NULL,\n"
                "  `LOCATION` varchar(4000) DEFAULT NULL,\n  `NUM_BUCKETS` int(11) NOT NULL,\n"
                "  `OUTPUT_FORMAT` varchar(4000) DEFAULT NULL,\n  `SERDE_ID` bigint(20) DEFAULT NULL,\n"
                "  PRIMARY KEY (`SD_ID`)\n) ENGINE=InnoDB;\n")
        f.write("CREATE TABLE `COLUMNS_V2` (\n  `CD_ID` bigint(20) NOT NULL,\n  `COMMENT` varchar(256),\n"
                "  `COLUMN_NAME` varchar(767) NOT NULL,\n  `TYPE_NAME` mediumtext,\n  `INTEGER_IDX` int(11) NOT NULL\n);\n")
        f.write("CREATE TABLE `PARTITION_PARAMS` (\n  `PART_ID` bigint(20) NOT NULL,\n  `PARAM_KEY` varchar(256) NOT NULL,\n"
                "  `PARAM_VALUE` varchar(4000) DEFAULT NULL\n);\n")
        written, sd = 0, 0
        locs = ["hdfs://oldcluster:8020/user/hive/warehouse/sales.db/orders/dt=2024-01-%02d",
                "hdfs://oldcluster/data/raw logs/M\u00fcnchen/%d",
                "hdfs://oldcluster:80200/trap/%d", "hdfs://oldcluster2/trap/%d",
                "s3a://analytics-bucket/ext/%d", "hdfs://oldcluster:8020/w/it\\'s \\\\ odd/%d"]
        while written < target:
            rows = []
            for i in range(2500):
                sd += 1
                loc = locs[sd % len(locs)] % (sd % 28)
                rows.append("(%d,%d,'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',_binary '\\0','%s',-1,"
                            "'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',%d)" % (sd, sd, loc, sd))
            line = "INSERT INTO `SDS` VALUES " + ",".join(rows) + ";\n"
            cols = "INSERT INTO `COLUMNS_V2` VALUES " + ",".join(
                "(%d,'was at hdfs://oldcluster:8020/x','c%d','struct<a:int,b:string>',%d)" % (sd, i, i) for i in range(3000)) + ";\n"
            params = "INSERT INTO `PARTITION_PARAMS` VALUES " + ",".join(
                "(%d,'transient_lastDdlTime','1700000000'),(%d,'orig','hdfs://oldcluster:8020/p/%d')" % (i, i, i) for i in range(1500)) + ";\n"
            for chunk in (line, cols, params):
                f.write(chunk)
                written += len(chunk.encode('utf-8'))
def pg(path):
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write("--\n-- PostgreSQL database dump\n--\n\n")
        f.write('COPY public."SDS" ("SD_ID", "CD_ID", "INPUT_FORMAT", "IS_COMPRESSED", "LOCATION", "NUM_BUCKETS", "OUTPUT_FORMAT", "SERDE_ID") FROM stdin;\n')
        written, sd = 0, 0
        while written < target:
            lines = []
            for i in range(5000):
                sd += 1
                loc = ["hdfs://oldcluster:8020/user/hive/warehouse/t/dt=%d" % sd, "hdfs://oldcluster2/t/%d" % sd,
                       "s3a://bucket/t\\tab/%d" % sd][sd % 3]
                lines.append("%d\t%d\torg.apache.hadoop.hive.ql.io.orc.OrcInputFormat\tf\t%s\t-1\torg.apache.hadoop.hive.ql.io.orc.OrcOutputFormat\t%d\n" % (sd, sd, loc, sd))
            chunk = "".join(lines)
            f.write(chunk)
            written += len(chunk)
        f.write("\\.\n\n")
mysql(os.path.join(d, "dump.mysql.sql"))
pg(os.path.join(d, "dump.pg.sql"))
PY

rate() {
  python3 -c "import sys; b,s,e=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]); print('%-24s %.0f MB in %.2f s = %.0f MB/s' % (sys.argv[4], b/1e6, e-s, b/1e6/(e-s)))" "$@"
}
# Median of the "= N MB/s" figures of the lines given on stdin.
median() {
  python3 -c "import sys, statistics; r=[float(l.split('=')[-1].split()[0]) for l in sys.stdin if '=' in l]; print('%-24s median of %d runs: %.0f MB/s (min %.0f, max %.0f)' % (sys.argv[1], len(r), statistics.median(r), min(r), max(r)))" "$1"
}
shm=""
need=$(( (size_mb * 2 + 256) * 1024 ))
if [ -d /dev/shm ] && [ "$(df -k --output=avail /dev/shm | tail -1)" -gt "$need" ]; then
  shm=$(mktemp -d /dev/shm/hmig-bench-XXXXXX)
  trap 'rm -rf "$dir" "$shm"' EXIT
fi
for kind in mysql pg; do
  in=$dir/dump.$kind.sql
  bytes=$(stat -c %s "$in")
  cat "$in" > /dev/null  # page cache: the input read is not what is measured
  # The generator just wrote 2 GB: without this its writeback would compete with
  # the first measured runs for the disk.
  sync
  for run in $(seq 1 "$runs"); do
    start=$(date +%s.%N)
    "$hmig" hive rewrite-dump "$in" "$dir/out.sql" --from hdfs://oldcluster:8020 --to hdfs://emr-cluster > "$dir/report.txt"
    end=$(date +%s.%N)
    rate "$bytes" "$start" "$end" "$kind disk run $run" | tee -a "$dir/$kind.disk"
    rm -f "$dir/out.sql"
  done
  median "$kind disk" < "$dir/$kind.disk"
  if [ -n "$shm" ]; then
    cp "$in" "$shm/in.sql"
    for run in $(seq 1 "$runs"); do
      start=$(date +%s.%N)
      "$hmig" hive rewrite-dump "$shm/in.sql" "$shm/out.sql" --from hdfs://oldcluster:8020 --to hdfs://emr-cluster > "$dir/report.txt"
      end=$(date +%s.%N)
      rate "$bytes" "$start" "$end" "$kind tmpfs run $run" | tee -a "$dir/$kind.tmpfs"
      rm -f "$shm/out.sql"
    done
    median "$kind tmpfs" < "$dir/$kind.tmpfs"
    rm -f "$shm/in.sql"
  fi
  head -1 "$dir/report.txt"
done
