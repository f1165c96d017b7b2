import { fileURLToPath } from "node:url"
import { gzipAsync as zopfliGzip } from "@gfx/zopfli"
import { defineConfig } from "vite"
import { compression } from "vite-plugin-compression2"
import solid from "vite-plugin-solid"
import { modulesImportedBy } from "./dinerModules.js"

const api = "http://127.0.0.1:4000"

const source = fileURLToPath(new URL("src/", import.meta.url))
const inScreens = (...paths: ReadonlyArray<string>) => paths.map((path) => `${source}screens/${path}`)
/** The screens the diner opens first: the menu. */
const dinerMenuScreens = inScreens("diner/DinerShell.tsx", "diner/DinerMenu.tsx")
/** Every diner screen: none of them should load the owner's API client. */
const dinerScreens = [
  ...dinerMenuScreens,
  ...inScreens("diner/DishDetail.tsx", "diner/CartScreen.tsx", "diner/OrderStatus.tsx", "diner/TableCodeLink.tsx"),
]
const isLibrary = (id: string) => /node_modules\/(effect|@effect)\//.test(id) || id.includes("/packages/domain/src/")

let dinerMenu: Set<string> | undefined
let dinerLibraries: Set<string> | undefined

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
        // A few long-lived shared chunks instead of dozens of slivers (each costs a diner on a weak
        // signal a request and about 1 kB of response headers): the framework; Effect with the domain
        // schemas the diner's screens use ("api"); what only owners use on top, their typed HttpApi
        // client built from the whole contract ("owner-api"); and the small app modules the diner's
        // menu screens use ("diner-menu", which owner screens that share some of them load too).
        manualChunks: (id, { getModuleInfo }) => {
          if (/node_modules\/(solid-js|@solidjs)\//.test(id)) return "solid"
          if (isLibrary(id)) {
            // The owner's day view contract (packages/domain/src/day.ts): its own chunk, for that screen.
            if (id.endsWith("/packages/domain/src/day.ts")) return "owner-day"
            dinerLibraries ??= new Set([...modulesImportedBy(getModuleInfo, dinerScreens)].filter(isLibrary))
            return dinerLibraries.has(id) ? "api" : "owner-api"
          }
          // The app's own modules the menu screens import (not the screens: they stay chunks of their own,
          // which the build manifest names and scripts/bundle-size.mjs follows).
          dinerMenu ??= new Set(
            [...modulesImportedBy(getModuleInfo, dinerMenuScreens)].filter(
              (module) => module.startsWith(source) && !dinerMenuScreens.includes(module),
            ),
          )
          return dinerMenu.has(id) ? "diner-menu" : undefined
        },
      },
    },
  },
})
