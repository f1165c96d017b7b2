import { fileURLToPath } from "node:url"
import { gzipAsync as zopfliGzip } from "@gfx/zopfli"
import { defineConfig, type Rollup } from "vite"
import { compression } from "vite-plugin-compression2"
import solid from "vite-plugin-solid"

const api = "http://127.0.0.1:4000"

const source = fileURLToPath(new URL("src/", import.meta.url))
const dinerScreens = ["screens/diner/DinerShell.tsx", "screens/diner/DinerMenu.tsx"].map((path) => source + path)

/**
 * The app's own modules the diner's two menu screens import statically (not the screens: they stay chunks of
 * their own, which the build manifest names and scripts/bundle-size.mjs follows).
 */
const dinerMenuModules = (getModuleInfo: Rollup.GetModuleInfo) => {
  const seen = new Set<string>()
  const visit = (id: string) => {
    if (seen.has(id) || !id.startsWith(source)) return
    seen.add(id)
    for (const imported of getModuleInfo(id)?.importedIds ?? []) visit(imported)
  }
  for (const id of dinerScreens) visit(id)
  for (const id of dinerScreens) seen.delete(id)
  return seen
}
let dinerMenu: Set<string> | undefined

export default defineConfig({
  plugins: [
    solid(),
    // Brotli (.br) and gzip (.gz) beside every text file of the build, at the highest levels, once: the API
    // (packages/api/src/http/webApp.ts) and nginx (gzip_static) send these instead of compressing per request.
    // The gzip copies are Zopfli's (valid gzip, 3-4% smaller than zlib's best): nginx has no brotli, so
    // behind it they are what a diner downloads. Files under 1 KiB are left alone, as the servers leave them
    // (compressMinBytes in packages/api/src/http/compression.ts).
    compression({
      algorithms: [
        "brotliCompress",
        [(input, options) => zopfliGzip(input, options).then((bytes) => Buffer.from(bytes)), { numiterations: 5 }],
      ],
      threshold: 1024,
      logLevel: "silent",
    }),
  ],
  server: {
    // Same origin in development as in production (nginx), so the session cookie and CSRF checks behave alike.
    proxy: { "/api": api, "/storage": api },
  },
  preview: { proxy: { "/api": api, "/storage": api } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Never inline assets as data: URLs, so the CSP does not need data: sources for them.
    assetsInlineLimit: 0,
    // Lists which files each route loads; scripts/bundle-size.mjs checks the diner's budget with it.
    manifest: true,
    // model-viewer with three.js is one large chunk by design, fetched only on dish pages.
    chunkSizeWarningLimit: 1100,
    rollupOptions: {
      // The domain package has no side effects at import; letting Rollup know drops the schemas a screen does not use.
      treeshake: { moduleSideEffects: (id) => !id.includes("/packages/domain/src/") },
      output: {
        // Two long-lived shared chunks instead of dozens of slivers: the framework, and the typed API
        // client with Effect and the domain schemas. Fewer requests for a diner on a weak signal.
        // The small modules the diner's menu screens use, in one chunk, not a dozen slivers that
        // each cost a request and about 1 kB of response headers (more than most of them weigh compressed).
        // Owner screens that use some of them load it too.
        manualChunks: (id, { getModuleInfo }) => {
          if (/node_modules\/(solid-js|@solidjs)\//.test(id)) return "solid"
          // Except the owner's day view contract (packages/domain/src/day.ts): its own chunk, for that screen.
          if (id.endsWith("/packages/domain/src/day.ts")) return "owner-day"
          if (/node_modules\/(effect|@effect)\//.test(id) || id.includes("/packages/domain/src/")) return "api"
          dinerMenu ??= dinerMenuModules(getModuleInfo)
          return dinerMenu.has(id) ? "diner-menu" : undefined
        },
      },
    },
  },
})
