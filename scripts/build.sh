#!/bin/sh
# Production build (`npm run build`), also what the Dockerfiles run. POSIX sh: node:22-alpine has no bash.
#
#   sh scripts/build.sh [server|web|all]   (default all)
#
# server: esbuild bundles the TypeScript entry points into plain ESM for Node 22:
#   dist/main.js     the API          (packages/api/src/main.ts)
#   dist/migrate.js  one-shot migrate (packages/api/src/migrate.ts)
#   dist/worker.js   the model worker (packages/worker/src/main.ts)
#   dist/*-<hash>.js code they share, and modules loaded only when used (dynamic `import()`, e.g. the
#                    OpenTelemetry SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set); the images copy all of dist/
# Our workspace packages (@ardine/*, TypeScript sources) are bundled in, and so is Effect (`effect`,
# `@effect/*`, pure side-effect-free ESM) with what it depends on: esbuild keeps only the Effect modules
# the server uses (loading the packages whole cost the idle API about 25 MiB more RSS). A namespace taken
# from a package index keeps all its exports, so some modules are imported by path instead, e.g.
# "@effect/platform-node/NodeHttpServer" (whose test layer would bring in an HTTP client, undici).
# The other third-party packages the server workspaces declare stay external: the images install them
# with `npm ci --omit=dev`, so native ones (sharp with its linux-musl binary, msgpackr-extract, ...) come
# from the registry for the image's own platform, and files a package reads at run time stay where it
# expects them. None of them imports `effect` (that would load a second copy beside the bundled one).
# Minified: Node holds every loaded module's source, and the smaller code left the idle API about 12 MiB
# lighter. Names are NOT kept (--keep-names): with Effect bundled, esbuild's name-keeping wrapper runs on
# every closure Effect creates, and it cut the API's order throughput several-fold (100 orders/s: p50 15 ms
# without it, 2-5 s with it). Spans and errors carry explicit names and tags; stack traces map back to the
# sources through the source maps (--enable-source-maps). The source maps (for
# --enable-source-maps) carry mappings only, not the sources' text: Node reads each one whole at start-up,
# and with the text they cost the API about 50 MiB of RSS instead of about 25.
# web: `vite build` of packages/web into packages/web/dist (the SPA nginx serves).
#
# Env: OUT_DIR (default dist; its *.js and *.js.map are replaced), BUILD_TARGET (esbuild target, default
# node20: runs on Node 20 and 22).
set -eu
cd "$(dirname "$0")/.."

what="${1:-all}"
out="${OUT_DIR:-dist}"
target="${BUILD_TARGET:-node20}"

case "$what" in
  server | web | all) ;;
  *)
    echo "usage: sh scripts/build.sh [server|web|all]" >&2
    exit 2
    ;;
esac

build_server() {
  echo "== build: server bundles -> $out/"
  # One --external flag per third-party dependency the server workspaces declare (subpaths included),
  # except Effect's packages.
  externals=$(node -e '
    const fs = require("node:fs")
    const names = new Set(["pg-native"])
    for (const ws of ["domain", "infra", "api", "worker"]) {
      const file = `packages/${ws}/package.json`
      const deps = JSON.parse(fs.readFileSync(file, "utf8")).dependencies ?? {}
      for (const name of Object.keys(deps)) {
        if (!name.startsWith("@ardine/") && name !== "effect" && !name.startsWith("@effect/")) names.add(name)
      }
    }
    console.log([...names].sort().map((n) => `--external:${n}`).join(" "))
  ')
  rm -f "$out"/*.js "$out"/*.js.map
  # shellcheck disable=SC2086 # $externals is a list of flags on purpose
  npx --no-install esbuild \
    main=packages/api/src/main.ts \
    migrate=packages/api/src/migrate.ts \
    worker=packages/worker/src/main.ts \
    --bundle --platform=node --format=esm --target="$target" \
    --splitting --minify \
    --outdir="$out" --sourcemap --sources-content=false --log-level=warning \
    --banner:js="import { createRequire as __ardineCreateRequire } from 'node:module'; const require = __ardineCreateRequire(import.meta.url);" \
    $externals
  ls -l "$out"/*.js | awk '{ print "   " $NF " " $5 " bytes" }'
}

build_web() {
  echo "== build: web (vite) -> packages/web/dist/"
  if [ ! -f packages/web/vite.config.ts ] || [ ! -f packages/web/index.html ]; then
    echo "build: packages/web has no vite.config.ts or index.html yet: the SPA cannot be built" >&2
    exit 1
  fi
  if ! (cd packages/web && npx --no-install vite build --logLevel warn); then
    echo "build: vite build of packages/web FAILED (see above); the frontend image cannot be built" >&2
    exit 1
  fi
  if [ ! -f packages/web/dist/index.html ]; then
    echo "build: vite build left no packages/web/dist/index.html" >&2
    exit 1
  fi
}

case "$what" in
  server) build_server ;;
  web) build_web ;;
  all)
    build_server
    build_web
    ;;
esac
echo "== build: done ($what)"
