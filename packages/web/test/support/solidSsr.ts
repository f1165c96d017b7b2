import { fileURLToPath } from "node:url"
import { createServer, type ViteDevServer } from "vite"
import solid from "vite-plugin-solid"
import { afterAll, beforeAll } from "vitest"

/**
 * The real components, compiled by Solid for server rendering: `load` imports a module through a
 * Vite server rooted at packages/web, started before the file's tests and closed after them.
 */
export const solidSsr = () => {
  let vite: ViteDevServer | undefined
  beforeAll(async () => {
    vite = await createServer({
      root: fileURLToPath(new URL("../..", import.meta.url)),
      configFile: false,
      logLevel: "silent",
      plugins: [solid({ ssr: true })],
      server: { middlewareMode: true, hmr: false, watch: null },
      appType: "custom",
    })
  })
  afterAll(async () => {
    await vite?.close()
  })
  return {
    // Typed as Vite types it: the module's exports are whatever the component module exports.
    load: (path: string): ReturnType<ViteDevServer["ssrLoadModule"]> => {
      if (vite === undefined) throw new Error("solidSsr: load before the server started")
      return vite.ssrLoadModule(path)
    },
  }
}
