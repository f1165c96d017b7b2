#!/usr/bin/env bash
# Postgres and Redis normally run before a session or CI starts; this only checks them and,
# when one is down on a machine where we are root, starts it the way the machine image does.
set -euo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

if ! pg_up; then
  echo "postgres: not answering on 127.0.0.1:5432, starting it"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 0.5; done
  pg_up || { echo "postgres: still down" >&2; exit 1; }
fi

if ! redis_up; then
  echo "redis: not answering on 127.0.0.1:6379, starting it"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  for _ in $(seq 1 30); do redis_up && break; sleep 0.5; done
  redis_up || { echo "redis: still down" >&2; exit 1; }
fi
