#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster on 127.0.0.1: installs PostgreSQL from Debian when missing,
# creates the cluster in a temporary folder as the ordinary 'postgres' user, exports its connection string as
# POLICYTRACKER_TEST_POSTGRES for the tests, and removes the cluster afterwards whatever the command's outcome.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
port="${POLICYTRACKER_PG_PORT:-55432}"
dir="$(mktemp -d /tmp/policytracker-pg.XXXXXX)"
chown postgres "$dir"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off" start >/dev/null
export POLICYTRACKER_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Include Error Detail=true"
"$@"
