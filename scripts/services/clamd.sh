#!/usr/bin/env bash
# Start a private clamd on 127.0.0.1:$CLAMD_PORT using the project's test signatures.
# Idempotent: does nothing if something on that port already answers PING with PONG.
# Usage: bash scripts/services/clamd.sh   (env: CLAMD_DIR, CLAMD_PORT, ARDINE_SHARED_DIR, CLAMD_WAIT_SECONDS)
set -euo pipefail

CLAMD_DIR="${CLAMD_DIR:-/tmp/ardine-clamd}"
CLAMD_PORT="${CLAMD_PORT:-3399}"
WAIT_SECONDS="${CLAMD_WAIT_SECONDS:-60}"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(git -C "$script_dir" rev-parse --show-toplevel 2>/dev/null || (cd "$script_dir/../.." && pwd))"
shared_dir="${ARDINE_SHARED_DIR:-$repo_root/../shared}"
sig_dir="$shared_dir/clamav"

# Prints the reply to a zPING ("PONG" when clamd is up), nothing otherwise.
ping_clamd() {
  local reply=""
  # The braces carry the 2>/dev/null: bash reports a refused /dev/tcp connect on the shell's own stderr.
  if { exec 3<>"/dev/tcp/127.0.0.1/$CLAMD_PORT"; } 2>/dev/null; then
    printf 'zPING\0' >&3
    IFS= read -r -t 2 -d '' reply <&3 || true
    exec 3<&- 3>&- || true
  fi
  printf '%s' "$reply"
}

if [[ "$(ping_clamd)" == "PONG" ]]; then
  echo "clamd: already answering on 127.0.0.1:$CLAMD_PORT"
  exit 0
fi

if ! command -v clamd >/dev/null 2>&1 && [[ ! -x /usr/sbin/clamd ]]; then
  # Wait for the dpkg lock instead of failing: other setup scripts may be installing at the same time.
  mkdir -p "$CLAMD_DIR"
  if ! { apt-get -o DPkg::Lock::Timeout=600 update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq clamav-daemon; } \
    >"$CLAMD_DIR/apt.log" 2>&1; then
    echo "clamd: installing clamav-daemon failed, see $CLAMD_DIR/apt.log" >&2
    tail -n 20 "$CLAMD_DIR/apt.log" >&2
    exit 1
  fi
fi
clamd_bin="$(command -v clamd || echo /usr/sbin/clamd)"

for f in test-signatures.hdb test-signatures.ndb; do
  if [[ ! -r "$sig_dir/$f" ]]; then
    echo "clamd: missing $sig_dir/$f (set ARDINE_SHARED_DIR)" >&2
    exit 1
  fi
done

mkdir -p "$CLAMD_DIR/db"
# Copies, not links: the shared folder may be read-only and clamd wants to own its database dir.
cp -f "$sig_dir/test-signatures.hdb" "$sig_dir/test-signatures.ndb" "$CLAMD_DIR/db/"
chmod 644 "$CLAMD_DIR/db/"*

# Our own config: Debian's /etc/clamav/clamd.conf expects the clamav user, a local socket and the official db.
cat >"$CLAMD_DIR/clamd.conf" <<CONF
TCPSocket $CLAMD_PORT
TCPAddr 127.0.0.1
Foreground no
DatabaseDirectory $CLAMD_DIR/db
LogFile $CLAMD_DIR/clamd.log
LogTime yes
PidFile $CLAMD_DIR/clamd.pid
TemporaryDirectory $CLAMD_DIR
User root
StreamMaxLength ${CLAMD_STREAM_MAX:-64M}
MaxFileSize ${CLAMD_STREAM_MAX:-64M}
MaxScanSize ${CLAMD_SCAN_MAX:-256M}
ReadTimeout 30
CommandReadTimeout 30
MaxConnectionQueueLength 30
MaxThreads 8
SelfCheck 0
CONF

# A stale pid file from a crashed run would make clamd refuse to start.
if [[ -f "$CLAMD_DIR/clamd.pid" ]] && ! kill -0 "$(cat "$CLAMD_DIR/clamd.pid")" 2>/dev/null; then
  rm -f "$CLAMD_DIR/clamd.pid"
fi

# Foreground no: clamd daemonizes itself once the database is loaded.
"$clamd_bin" --config-file="$CLAMD_DIR/clamd.conf" >>"$CLAMD_DIR/clamd.out" 2>&1 || {
  echo "clamd: failed to start, see $CLAMD_DIR/clamd.log and $CLAMD_DIR/clamd.out" >&2
  tail -n 20 "$CLAMD_DIR/clamd.out" "$CLAMD_DIR/clamd.log" >&2 2>/dev/null || true
  exit 1
}

deadline=$((SECONDS + WAIT_SECONDS))
until [[ "$(ping_clamd)" == "PONG" ]]; do
  if ((SECONDS >= deadline)); then
    echo "clamd: no PONG on 127.0.0.1:$CLAMD_PORT after ${WAIT_SECONDS}s, see $CLAMD_DIR/clamd.log" >&2
    exit 1
  fi
  sleep 0.2
done
echo "clamd: ready on 127.0.0.1:$CLAMD_PORT (pid $(cat "$CLAMD_DIR/clamd.pid" 2>/dev/null || echo '?'), dir $CLAMD_DIR)"
