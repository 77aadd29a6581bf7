#!/usr/bin/env bash
# Throwaway Redis and PostgreSQL on loopback for the scale-out tests (test/scale/).
#
#   eval "$(scripts/services.sh start)"   # installs what is missing (Debian), starts both, prints export lines
#   npm test                               # picks them up through TEST_REDIS_URL / TEST_DATABASE_URL
#   scripts/services.sh stop
#
# Ports come from TEST_REDIS_PORT [6390] and TEST_PG_PORT [5440]; state lives in
# SERVICES_DIR [/tmp/kl-bot-services]. Idempotent: a service already answering on its port is
# left alone. Nothing listens beyond 127.0.0.1, Redis keeps nothing on disk, and PostgreSQL
# trusts local connections: test engines only, never production.
set -euo pipefail

REDIS_PORT="${TEST_REDIS_PORT:-6390}"
PG_PORT="${TEST_PG_PORT:-5440}"
DIR="${SERVICES_DIR:-/tmp/kl-bot-services}"
PG_DB="${TEST_PG_DB:-kl_test}"
PG_DATA="$DIR/pg"

say() { echo "services: $*" >&2; }

# PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  # Follow links: a pg_ctl on PATH may be a lone symlink into the real bin folder.
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return; fi
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$found" ] && echo "$found"
}

install_missing() {
  local pkgs=()
  command -v redis-server >/dev/null 2>&1 || pkgs+=(redis-server)
  [ -n "$(pg_bin)" ] || pkgs+=(postgresql)
  [ ${#pkgs[@]} -eq 0 ] && return
  if [ "$(id -u)" != 0 ]; then
    say "missing ${pkgs[*]} and not root: install them (apt-get install ${pkgs[*]}) and run again"
    exit 1
  fi
  say "installing ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Debian's packages start system-wide services on install; policy-rc.d 101 stops that (we run our own).
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1; fi
  apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  [ "$created" = 1 ] && rm -f "$policy"
  return 0
}

redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

start_redis() {
  if redis_up; then say "redis already answering on 127.0.0.1:$REDIS_PORT"; return; fi
  mkdir -p "$DIR/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --daemonize yes --dir "$DIR/redis" --pidfile "$DIR/redis/redis.pid" --logfile "$DIR/redis/redis.log"
  for _ in $(seq 50); do redis_up && break; sleep 0.1; done
  redis_up || { say "redis did not start; see $DIR/redis/redis.log"; exit 1; }
  say "redis started on 127.0.0.1:$REDIS_PORT"
}

pg_up() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }

start_pg() {
  local bin
  bin="$(pg_bin)"
  if ! pg_up; then
    mkdir -p "$DIR"
    chmod 755 "$DIR"
    if [ ! -s "$PG_DATA/PG_VERSION" ]; then
      mkdir -p "$PG_DATA"
      [ "$(id -u)" = 0 ] && chown postgres: "$PG_DATA"
      chmod 700 "$PG_DATA"
      as_pg "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    fi
    # The socket goes in the data dir, so no system folder (/var/run/postgresql) is needed.
    as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 30 start \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories='$PG_DATA' -c max_connections=200" >/dev/null \
      || { say "postgresql did not start; see $PG_DATA/server.log"; exit 1; }
    say "postgresql started on 127.0.0.1:$PG_PORT"
  else
    say "postgresql already answering on 127.0.0.1:$PG_PORT"
  fi
  if ! "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
  fi
}

stop_all() {
  if redis_up; then redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; say "redis stopped"; fi
  local bin
  bin="$(pg_bin || true)"
  if [ -n "$bin" ] && [ -s "$PG_DATA/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && say "postgresql stopped"
  fi
}

case "${1:-start}" in
  start)
    install_missing
    start_redis
    start_pg
    echo "export TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
    echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$PG_DB"
    ;;
  stop) stop_all ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
