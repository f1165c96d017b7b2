#!/usr/bin/env bash
# Stop the clamd started by scripts/services/clamd.sh (env: CLAMD_DIR).
set -euo pipefail

CLAMD_DIR="${CLAMD_DIR:-/tmp/ardine-clamd}"
pid_file="$CLAMD_DIR/clamd.pid"

if [[ ! -f "$pid_file" ]]; then
  echo "clamd: not running (no $pid_file)"
  exit 0
fi
pid="$(cat "$pid_file")"
if ! kill -0 "$pid" 2>/dev/null; then
  rm -f "$pid_file"
  echo "clamd: not running (stale pid $pid)"
  exit 0
fi
kill "$pid"
for _ in $(seq 1 100); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
  kill -9 "$pid" 2>/dev/null || true
fi
rm -f "$pid_file"
echo "clamd: stopped (pid $pid)"
