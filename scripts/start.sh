#!/usr/bin/env bash
# `npm start`: the whole app on this one machine. Installs dependencies, makes sure Postgres and
# Redis answer, creates the `ardine` database, migrates, seeds the demo restaurant and serves.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
bash scripts/services/postgres-redis.sh
# Uploads are scanned before they are stored (fail closed): a local clamd with the project's signatures.
bash scripts/services/clamd.sh

mkdir -p .data
# Settings from .env win; otherwise safe local defaults. The session secret is made once and kept.
if [ -f .env ]; then set -a; . ./.env; set +a; fi
[ -f .data/session-secret ] || node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))' > .data/session-secret
export SESSION_SECRET="${SESSION_SECRET:-$(cat .data/session-secret)}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ardine}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-4000}"
export HOST="${HOST:-127.0.0.1}"
export APP_ORIGIN="${APP_ORIGIN:-http://localhost:${PORT}}"
export SEED_DEMO="${SEED_DEMO:-true}"
export STORAGE_DIR="${STORAGE_DIR:-.data/storage}"
export CLAMAV_PORT="${CLAMAV_PORT:-3399}"

# The web app, served by the API on this one machine (nginx serves it in Docker and Kubernetes).
echo "building the web app"
npx vite build packages/web --logLevel warn

db_name="${DATABASE_URL##*/}"; db_name="${db_name%%\?*}"
if ! psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '${db_name}'" | grep -q 1; then
  echo "creating database ${db_name}"
  psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"${db_name}\""
fi

cat <<MSG

  Ardine is starting on http://localhost:${PORT}
    demo menu (diners):  http://localhost:${PORT}/api/menu/demo
    API docs:            http://localhost:${PORT}/api/docs
    demo owner:          demo@ardine.dev / ardine-demo-owner

MSG
# Migrations first, once, so the worker and the API do not both race to set up a new database.
node --import tsx packages/api/src/migrate.ts

# The worker builds the 3D models; it stops when the API does (Ctrl-C stops both).
export WORKER_HEALTH_PORT="${WORKER_HEALTH_PORT:-$((PORT + 1))}"
node --import tsx packages/worker/src/main.ts &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT INT TERM
# The API with the production image's Node options (Dockerfile.backend, helm's backend.nodeOptions).
NODE_OPTIONS="--max-old-space-size=512${NODE_OPTIONS:+ $NODE_OPTIONS}" node --import tsx packages/api/src/main.ts
