#!/usr/bin/env bash
# Benchmarks `hmig hive migrate` on a generated metastore: 1,000 tables and
# 200,000 partitions (defaults) in a Hive 1.2.0 schema on MariaDB and/or
# PostgreSQL, migrated to 2.3.0 (legacy scripts) with the location rewrite,
# upgrade and verification. Starts its own servers (scripts/services/hive_servers.sh).
#
#   bench/hive_migrate.sh [TABLES] [PARTITIONS] [BUILD_DIR] [mysql|postgres|both]
set -euo pipefail
tables=${1:-1000}
partitions=${2:-200000}
build=${3:-build}
which=${4:-both}
here=$(cd "$(dirname "$0")/.." && pwd)
hmig=$here/$build/hmig
fixtures=${HMIG_HIVE_FIXTURES:-$here/../shared/fixtures/hive-metastore}
work=$(mktemp -d /tmp/hmig-bench-migrate-XXXXXX)
env_file=$work/servers.env
trap '"$here/scripts/services/hive_servers.sh" stop "$env_file"; rm -rf "$work"' EXIT
HMIG_HIVE_SKIP_SCHEMAS=1 "$here/scripts/services/hive_servers.sh" start "$env_file"
# shellcheck disable=SC1090
. "$env_file"

generate() {  # dialect output
  python3 - "$1" "$2" "$tables" "$partitions" <<'PY'
import sys
dialect, out, tables, partitions = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
my = dialect == 'mysql'
q = (lambda n: '`%s`' % n) if my else (lambda n: '"%s"' % n)
f_ = '0' if my else 'false'
dbs = max(1, tables // 10)
per_table = partitions // tables
with open(out, 'w') as f:
    cols = {
        'DBS': ['DB_ID', 'DESC', 'DB_LOCATION_URI', 'NAME', 'OWNER_NAME', 'OWNER_TYPE'],
        'CDS': ['CD_ID'],
        'COLUMNS_V2': ['CD_ID', 'COMMENT', 'COLUMN_NAME', 'TYPE_NAME', 'INTEGER_IDX'],
        'SERDES': ['SERDE_ID', 'NAME', 'SLIB'],
        'SDS': ['SD_ID', 'CD_ID', 'INPUT_FORMAT', 'IS_COMPRESSED', 'IS_STOREDASSUBDIRECTORIES', 'LOCATION',
                'NUM_BUCKETS', 'OUTPUT_FORMAT', 'SERDE_ID'],
        'PARTITIONS': ['PART_ID', 'CREATE_TIME', 'LAST_ACCESS_TIME', 'PART_NAME', 'SD_ID', 'TBL_ID'],
        'PARTITION_KEY_VALS': ['PART_ID', 'PART_KEY_VAL', 'INTEGER_IDX'],
        'PARTITION_PARAMS': ['PART_ID', 'PARAM_KEY', 'PARAM_VALUE'],
    }
    def insert(table, rows):
        head = 'INSERT INTO %s (%s) VALUES ' % (q(table), ','.join(q(c) for c in cols[table]))
        for i in range(0, len(rows), 1000):
            f.write(head + ','.join(rows[i:i + 1000]) + ';\n')
    insert('DBS', ["(%d,'db %d','hdfs://oldcluster:8020/warehouse/db%d.db','db%d','hive','USER')" % (d, d, d, d) for d in range(1, dbs + 1)])
    sd = part = 0
    for t in range(1, tables + 1):
        d = (t - 1) % dbs + 1
        base = 'hdfs://oldcluster:8020/warehouse/db%d.db/t%d' % (d, t)
        insert('CDS', ['(%d)' % t])
        insert('COLUMNS_V2', ["(%d,NULL,'c%d','string',%d)" % (t, c, c) for c in range(5)])
        sds, serdes, parts, pkv, pparams = [], [], [], [], []
        sd += 1
        table_sd = sd
        serdes.append("(%d,NULL,'org.apache.hadoop.hive.ql.io.orc.OrcSerde')" % sd)
        sds.append("(%d,%d,'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',%s,%s,'%s',-1,'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',%d)" % (sd, t, f_, f_, base, sd))
        for p in range(per_table):
            sd += 1; part += 1
            serdes.append("(%d,NULL,'org.apache.hadoop.hive.ql.io.orc.OrcSerde')" % sd)
            sds.append("(%d,%d,'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',%s,%s,'%s/dt=%05d',-1,'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',%d)" % (sd, t, f_, f_, base, p, sd))
            parts.append("(%d,1700000000,0,'dt=%05d',%d,%d)" % (part, p, sd, t))
            pkv.append("(%d,'%05d',0)" % (part, p))
            pparams.append("(%d,'transient_lastDdlTime','1700000000'),(%d,'numFiles','3')" % (part, part))
        insert('SERDES', serdes)
        insert('SDS', sds)
        f.write('INSERT INTO %s (%s) VALUES (%d,1700000000,%d,0,%s,0,%d,%s,%s,NULL,NULL);\n' % (
            q('TBLS'), ','.join(q(c) for c in ['TBL_ID', 'CREATE_TIME', 'DB_ID', 'LAST_ACCESS_TIME', 'OWNER', 'RETENTION', 'SD_ID', 'TBL_NAME', 'TBL_TYPE', 'VIEW_EXPANDED_TEXT', 'VIEW_ORIGINAL_TEXT']),
            t, d, "'hive'", table_sd, "'t%d'" % t, "'MANAGED_TABLE'"))
        f.write("INSERT INTO %s (%s) VALUES (%d,NULL,'dt','string',0);\n" % (
            q('PARTITION_KEYS'), ','.join(q(c) for c in ['TBL_ID', 'PKEY_COMMENT', 'PKEY_NAME', 'PKEY_TYPE', 'INTEGER_IDX']), t))
        insert('PARTITIONS', parts)
        insert('PARTITION_KEY_VALS', pkv)
        insert('PARTITION_PARAMS', pparams)
PY
}

run() {  # mysql|postgres
  local kind=$1 url_old url_new client create
  if [ "$kind" = mysql ]; then
    client="mariadb --no-defaults --socket=$HIVE_TEST_MY_SOCKET -uroot"
    $client -e "CREATE DATABASE bench_old CHARACTER SET latin1; CREATE DATABASE bench_new CHARACTER SET latin1"
    (cd "$fixtures/mysql/legacy-2.3" && $client bench_old < hive-schema-1.2.0.mysql.sql)
    url_old=mysql://hmig@127.0.0.1:$HIVE_TEST_MY_PORT/bench_old
    url_new=mysql://hmig@127.0.0.1:$HIVE_TEST_MY_PORT/bench_new
    export HMIG_DB_PASSWORD=$HIVE_TEST_MY_PASSWORD
  else
    export PGPASSWORD=$HIVE_TEST_PG_PASSWORD
    client="$HIVE_TEST_PG_BIN/psql -X -q -h 127.0.0.1 -p $HIVE_TEST_PG_PORT -U postgres -v ON_ERROR_STOP=1"
    $client -d postgres -c "CREATE DATABASE bench_old" -c "CREATE DATABASE bench_new"
    (cd "$fixtures/postgres/legacy-2.3" && $client -d bench_old -f hive-schema-1.2.0.postgres.sql)
    url_old=postgresql://postgres@127.0.0.1:$HIVE_TEST_PG_PORT/bench_old
    url_new=postgresql://postgres@127.0.0.1:$HIVE_TEST_PG_PORT/bench_new
    export HMIG_DB_PASSWORD=$HIVE_TEST_PG_PASSWORD
  fi
  generate "$kind" "$work/content.sql"
  if [ "$kind" = mysql ]; then $client bench_old < "$work/content.sql"; else $client -d bench_old -f "$work/content.sql"; fi
  echo "$kind: $tables tables, $partitions partitions loaded; migrating 1.2.0 -> 2.3.0"
  local start end
  start=$(date +%s.%N)
  "$hmig" hive migrate --from-db "$url_old" --to-db "$url_new" --scripts "$fixtures/$( [ "$kind" = mysql ] && echo mysql || echo postgres)/legacy-2.3" \
    --from hdfs://oldcluster:8020 --to hdfs://emr-cluster | grep -v '^  '
  end=$(date +%s.%N)
  python3 -c "import sys; print('%s: hmig hive migrate took %.1f s' % (sys.argv[1], float(sys.argv[3]) - float(sys.argv[2])))" "$kind" "$start" "$end"
}

case "$which" in
  mysql) run mysql ;;
  postgres) run postgres ;;
  both) run mysql; run postgres ;;
esac
