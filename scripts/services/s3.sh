#!/usr/bin/env bash
# Starts the real S3 server used by the S3-layer tests (Ceph RADOS Gateway on loopback).
# Idempotent: ceph-rgw-up.sh reuses a running cluster. It installs the Ceph packages itself
# when missing (as root) and writes only under $CEPH_S3_BASE (default /tmp/ceph-s3), so the
# shared folder may be a read-only copy.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${ARDINE_SHARED_DIR:-$(git -C "$ROOT" rev-parse --show-toplevel 2>/dev/null || echo "$ROOT")/../shared}
UP="$SHARED/s3/ceph-rgw-up.sh"
PORT=${S3_PORT:-7480}
ENDPOINT="http://127.0.0.1:$PORT"

[ -f "$UP" ] || { echo "ERROR: $UP not found (set ARDINE_SHARED_DIR to the shared folder)" >&2; exit 1; }

# A copy may have lost its executable bit; the up script re-executes itself only when it can.
if [ -x "$UP" ]; then "$UP" "$@"; else bash "$UP" "$@"; fi

# Any HTTP answer (even 403 for an anonymous request) proves the gateway is serving S3.
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$ENDPOINT/" || true)
if [ -z "$code" ] || [ "$code" = 000 ]; then
  echo "ERROR: S3 does not answer on $ENDPOINT" >&2
  exit 1
fi
echo "S3_ENDPOINT=$ENDPOINT"
