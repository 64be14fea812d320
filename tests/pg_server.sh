#!/usr/bin/env bash
# A throwaway PostgreSQL server for dealboard's tests.
#
#   tests/pg_server.sh start DIR   create a cluster in DIR, start it, print its URL on stdout
#   tests/pg_server.sh stop DIR    stop that server and delete DIR
#   tests/pg_server.sh run CMD…    start one in a temporary directory, run CMD with
#                                  DEALBOARD_TEST_PG_URL set, stop it (also on failure)
#
# The server listens on 127.0.0.1 on a free port (and on a socket in DIR), with fsync off:
# it is fast and its data worthless. The URL's user is a superuser with a random password,
# so tests can create and drop a database per test. Needs PostgreSQL's server binaries
# (Debian: apt-get install postgresql); PG_BINDIR picks another installation. As root, the
# cluster runs as the `postgres` OS user (PostgreSQL refuses to run as root), so DIR must be
# somewhere that user can reach, such as /tmp.
set -euo pipefail

usage() {
  sed -n '4,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then
    echo "$PG_BINDIR"
    return
  fi
  # Debian keeps the server binaries out of PATH, one directory per major version.
  local newest
  # (The client package alone fills bin/ too, so look for the server's initdb.)
  newest=$(find /usr/lib/postgresql -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$newest" ]; then
    dirname "$newest"
  elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
  else
    echo "pg_server.sh: no PostgreSQL server found; install it (apt-get install postgresql)" >&2
    echo "  or set PG_BINDIR to the directory holding initdb and pg_ctl." >&2
    exit 1
  fi
}

# Run a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local dir=$1 bindir port password
  bindir=$(find_bindir)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ -e "$dir/data" ]; then
    echo "pg_server.sh: $dir/data already exists; stop that server first" >&2
    exit 1
  fi
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
  fi
  chmod 700 "$dir"
  port=$(free_port)
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  printf '%s\n' "$password" | as_owner tee "$dir/pwfile" >/dev/null
  as_owner "$bindir/initdb" -D "$dir/data" -U dealboard --pwfile="$dir/pwfile" \
    -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 \
    >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  as_owner rm -f "$dir/pwfile"
  # Durability settings off: the data lives only as long as the test run.
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir" \
    -o "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    -o "-c max_connections=200 -c shared_buffers=64MB" \
    start >/dev/null || {
    cat "$dir/server.log" >&2
    exit 1
  }
  as_owner "$bindir/psql" -h "$dir" -p "$port" -U dealboard -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE dealboard" >/dev/null
  echo "postgresql://dealboard:$password@127.0.0.1:$port/dealboard"
}

stop() {
  local dir=$1 bindir
  if [ ! -d "$dir" ]; then
    return 0
  fi
  if [ -f "$dir/data/postmaster.pid" ]; then
    bindir=$(find_bindir)
    # Immediate: nothing in this cluster is worth a clean shutdown.
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

run() {
  local dir status
  dir=$(mktemp -d "${TMPDIR:-/tmp}/dealboard-pg.XXXXXX")
  # shellcheck disable=SC2064  # expand $dir now, while it is known
  trap "stop '$dir'" EXIT
  DEALBOARD_TEST_PG_URL=$(start "$dir")
  export DEALBOARD_TEST_PG_URL
  status=0
  "$@" || status=$?
  return "$status"
}

case "${1:-}" in
  start)
    [ $# -eq 2 ] || usage
    start "$2"
    ;;
  stop)
    [ $# -eq 2 ] || usage
    stop "$2"
    ;;
  run)
    [ $# -ge 2 ] || usage
    shift
    run "$@"
    ;;
  *) usage ;;
esac
