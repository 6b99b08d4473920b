#!/usr/bin/env bash
# Starts (or stops) the MariaDB and PostgreSQL servers the hive integration tests
# use: the tests' own processes, listening on 127.0.0.1 only, on free ports chosen
# now, with their data under a fresh temp dir. Both get the Hive metastore schemas
# from ../shared/fixtures/hive-metastore loaded once, in four databases per version
# (<tag>_a ... <tag>_d), which the tests then fill with their own content.
#
#   hive_servers.sh start ENV_FILE   # writes KEY=VALUE lines the tests read
#   hive_servers.sh stop ENV_FILE    # stops both servers, removes the temp dir
#
# HMIG_HIVE_SKIP_SCHEMAS=1 starts the servers without loading any schema (benchmarks).
#
# PostgreSQL refuses to run as root, so under root it runs as 'nobody'; MariaDB
# runs with --user=root (or as the calling user).
set -euo pipefail

cmd=${1:?usage: $0 start|stop ENV_FILE}
env_file=${2:?usage: $0 start|stop ENV_FILE}
here=$(cd "$(dirname "$0")" && pwd)
fixtures=${HMIG_HIVE_FIXTURES:-$here/../../../shared/fixtures/hive-metastore}

# Schema versions loaded: tag, layout folder (relative to mysql/ or postgres/), version.
VERSIONS=(
  "v0140 legacy-2.3 0.14.0"
  "v110 legacy-2.3 1.1.0"
  "v120 legacy-2.3 1.2.0"
  "v130 legacy-2.3 1.3.0"
  "v200 legacy-2.3 2.0.0"
  "v210 legacy-2.3 2.1.0"
  "v220 legacy-2.3 2.2.0"
  "v230 legacy-2.3 2.3.0"
  "v120m . 1.2.0"
  "v300 . 3.0.0"
  "v310 . 3.1.0"
  "v320 . 3.2.0"
  "v400 . 4.0.0"
)
PG_PASSWORD=hmig-pg-secret
MY_PASSWORD=hmig-my-secret

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
  else
    "$@"
  fi
}

stop() {
  [ -f "$env_file" ] || return 0
  # shellcheck disable=SC1090
  . "$env_file"
  if [ -n "${HIVE_TEST_MY_PIDFILE:-}" ] && [ -f "$HIVE_TEST_MY_PIDFILE" ]; then
    pid=$(cat "$HIVE_TEST_MY_PIDFILE")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  if [ -n "${HIVE_TEST_PG_DATA:-}" ] && [ -f "$HIVE_TEST_PG_DATA/postmaster.pid" ]; then
    as_pg_user "$HIVE_TEST_PG_BIN/pg_ctl" -D "$HIVE_TEST_PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  # The data dirs hold tens of thousands of files (a PostgreSQL database is
  # ~1,000): the servers are stopped, so the deletion runs detached instead of
  # holding up the test run.
  if [ -n "${HIVE_TEST_DIR:-}" ] && [ -d "$HIVE_TEST_DIR" ]; then
    nohup rm -rf "$HIVE_TEST_DIR" >/dev/null 2>&1 &
  fi
  rm -f "$env_file"
}

start() {
  stop
  mkdir -p "$(dirname "$env_file")"
  dir=$(mktemp -d /tmp/hmig-hive-servers-XXXXXX)
  chmod 755 "$dir"
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  my_port=$(free_port)
  pg_port=$(free_port)
  while [ "$pg_port" = "$my_port" ]; do pg_port=$(free_port); done
  cat > "$env_file" <<EOV
HIVE_TEST_DIR=$dir
HIVE_TEST_MY_PORT=$my_port
HIVE_TEST_MY_SOCKET=$dir/mysql.sock
HIVE_TEST_MY_PIDFILE=$dir/mysql.pid
HIVE_TEST_MY_USER=hmig
HIVE_TEST_MY_PASSWORD=$MY_PASSWORD
HIVE_TEST_PG_PORT=$pg_port
HIVE_TEST_PG_DATA=$dir/pg
HIVE_TEST_PG_BIN=$pg_bin
HIVE_TEST_PG_USER=postgres
HIVE_TEST_PG_PASSWORD=$PG_PASSWORD
HIVE_TEST_FIXTURES=$fixtures
HIVE_TEST_VERSIONS="$(for v in "${VERSIONS[@]}"; do set -- $v; printf '%s:%s ' "$1" "$3"; done)"
EOV

  # --- MariaDB ---
  my_user=$(id -un)
  mariadb-install-db --no-defaults --datadir="$dir/mysql" --user="$my_user" \
    --auth-root-authentication-method=socket --skip-test-db >"$dir/mysql-install.log" 2>&1
  mkdir -p "$dir/mysql-tmp"
  # Its own tmpdir: temporary tables never live in the shared /tmp.
  mariadbd --no-defaults --datadir="$dir/mysql" --tmpdir="$dir/mysql-tmp" --user="$my_user" --port="$my_port" \
    --bind-address=127.0.0.1 --socket="$dir/mysql.sock" --pid-file="$dir/mysql.pid" \
    --log-error="$dir/mysql.err" --skip-log-bin --innodb-buffer-pool-size=64M \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-file-per-table=0 --character-set-server=utf8mb4 \
    --max-allowed-packet=64M >/dev/null 2>&1 &
  # --- PostgreSQL ---
  mkdir -p "$dir/pg"
  printf '%s\n' "$PG_PASSWORD" > "$dir/pgpass"
  if [ "$(id -u)" -eq 0 ]; then chown nobody:nogroup "$dir/pg" "$dir/pgpass"; fi
  chmod 700 "$dir/pg"
  as_pg_user "$pg_bin/initdb" -D "$dir/pg" -U postgres --auth=scram-sha-256 \
    --pwfile="$dir/pgpass" -E UTF8 --locale=C >"$dir/pg-initdb.log" 2>&1
  as_pg_user "$pg_bin/pg_ctl" -D "$dir/pg" -l "$dir/pg/server.log" -w -t 60 \
    -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null

  for _ in $(seq 1 300); do
    [ -S "$dir/mysql.sock" ] && mariadb --no-defaults --socket="$dir/mysql.sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.1
  done
  my() { mariadb --no-defaults --socket="$dir/mysql.sock" -uroot "$@"; }
  my -e "CREATE USER 'hmig'@'127.0.0.1' IDENTIFIED BY '$MY_PASSWORD'; GRANT ALL ON *.* TO 'hmig'@'127.0.0.1' WITH GRANT OPTION;"
  export PGPASSWORD=$PG_PASSWORD
  pg() { "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 "$@"; }

  if [ "${HMIG_HIVE_SKIP_SCHEMAS:-0}" = 1 ]; then
    echo "hive servers: MariaDB on 127.0.0.1:$my_port, PostgreSQL on 127.0.0.1:$pg_port, data in $dir"
    return 0
  fi
  # Load each schema version once per database a..d, both servers in parallel.
  (
    for v in "${VERSIONS[@]}"; do
      set -- $v
      for side in a b c d; do
        my -e "CREATE DATABASE $1_$side CHARACTER SET latin1"
        (cd "$fixtures/mysql/$2" && my "$1_$side" < "hive-schema-$3.mysql.sql") >>"$dir/load-mysql.log" 2>&1
      done
    done
  ) &
  my_load=$!
  for v in "${VERSIONS[@]}"; do
    set -- $v
    for side in a b c d; do
      pg -d postgres -c "CREATE DATABASE $1_$side"
      (cd "$fixtures/postgres/$2" && pg -d "$1_$side" -f "hive-schema-$3.postgres.sql") >>"$dir/load-pg.log" 2>&1
    done
  done
  wait "$my_load"
  echo "hive servers: MariaDB on 127.0.0.1:$my_port, PostgreSQL on 127.0.0.1:$pg_port, data in $dir"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop ENV_FILE" >&2; exit 2 ;;
esac
