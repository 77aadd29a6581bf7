#!/usr/bin/env bash
# `npm run load` against N replicas (default 2) sharing Redis and PostgreSQL, behind a local nginx
# doing round robin — the set-up of compose.yaml, on loopback. Figures for the README.
#
#   scripts/load-replicas.sh            # 2 replicas, 30 s
#   REPLICAS=1 DURATION=10 scripts/load-replicas.sh
#
# Needs Redis and PostgreSQL (scripts/services.sh starts them) and nginx (apt-get install nginx).
set -euo pipefail
cd "$(dirname "$0")/.."

REPLICAS="${REPLICAS:-2}"
DURATION="${DURATION:-30}"
CONNECTIONS="${CONNECTIONS:-16}"
PROXY_PORT="${PROXY_PORT:-8089}"
FIRST_PORT="${FIRST_PORT:-3301}"
eval "$(scripts/services.sh start)"
WORK="$(mktemp -d /tmp/kl-load-replicas-XXXXXX)"
PIDS=()

cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  # SIGTERM to each replica's process group: tsx and the server under it.
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

SCHEMA="load_$(date +%s)"
psql "$TEST_DATABASE_URL" -qc "CREATE SCHEMA $SCHEMA" >/dev/null
DATABASE_URL="$TEST_DATABASE_URL?options=-c%20search_path%3D$SCHEMA"

UPSTREAMS=""
for i in $(seq 1 "$REPLICAS"); do
  port=$((FIRST_PORT + i - 1))
  UPSTREAMS+="server 127.0.0.1:$port; "
  # Its own process group (setsid), so the cleanup reaches the server under tsx.
  setsid env PORT="$port" HOST=127.0.0.1 REDIS_URL="$TEST_REDIS_URL" REDIS_KEY_PREFIX="load:$SCHEMA:" DATABASE_URL="$DATABASE_URL" \
    WEB_SESSION_SECRET=load-test-secret-0123456789 RATE_LIMIT_PER_MINUTE=1000000 TRUST_PROXY=loopback DOTENV_CONFIG_QUIET=true \
    node_modules/.bin/tsx src/server.ts >"$WORK/replica-$i.log" 2>&1 &
  PIDS+=($!)
done
for i in $(seq 1 "$REPLICAS"); do
  for _ in $(seq 300); do grep -q '^.* Serving ' "$WORK/replica-$i.log" && break; sleep 0.1; done
  grep -q ' Serving ' "$WORK/replica-$i.log" || { cat "$WORK/replica-$i.log"; exit 1; }
done

cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/body; proxy_temp_path $WORK/proxy; fastcgi_temp_path $WORK/fcgi; uwsgi_temp_path $WORK/uwsgi; scgi_temp_path $WORK/scgi;
  upstream bot { $UPSTREAMS keepalive 64; }
  server {
    listen 127.0.0.1:$PROXY_PORT;
    location / {
      proxy_pass http://bot;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
CONF
nginx -c "$WORK/nginx.conf"
echo "== $REPLICAS replica(s) behind nginx (1 worker, round robin), Redis + PostgreSQL shared =="
npm run --silent load -- --url "http://127.0.0.1:$PROXY_PORT" --duration "$DURATION" --connections "$CONNECTIONS" || true
psql "$TEST_DATABASE_URL" -qtAc "SELECT 'rows in PostgreSQL: ' || COUNT(*) FROM $SCHEMA.qa_questions"
PGOPTIONS="-c client_min_messages=warning" psql "$TEST_DATABASE_URL" -qc "DROP SCHEMA $SCHEMA CASCADE" >/dev/null
