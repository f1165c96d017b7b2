// Shared by the dish page's browser test (test/e2e/dishPage.test.ts) and benchmark (bench/dish-page-slow4g.ts):
// waiting for the demo restaurant's first 3D model, the viewer's chunk in the build, Chromium, slow 4G.
// No vitest here: the benchmark imports it too.
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import type { CDPSession } from "playwright-core"

export interface DemoDish {
  readonly id: string
  readonly name: string
  readonly modelUrl: string
  readonly imageUrl: string
}

interface MenuDishJson {
  readonly id: string
  readonly name: string
  readonly modelUrl: string | null
  readonly imageUrl: string | null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Path of the built <model-viewer> chunk ("/assets/model-viewer-<hash>.js"), as the build manifest names it. */
export const viewerChunkOf = async (webDist: string): Promise<string> => {
  const manifest = JSON.parse(await readFile(join(webDist, ".vite/manifest.json"), "utf8")) as Record<
    string,
    { readonly file: string }
  >
  const entry = Object.entries(manifest).find(([source]) => source.includes("node_modules/@google/model-viewer/"))
  if (entry === undefined) throw new Error("the build has no <model-viewer> chunk")
  return `/${entry[1].file}`
}

/** The first demo dish whose model is ready (the worker builds them one after the other, once seeded). */
export const demoDishWithModel = async (baseUrl: string, timeoutMs = 150_000): Promise<DemoDish> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const reply = await fetch(`${baseUrl}/api/menu/demo`)
    const menu = reply.ok ? ((await reply.json()) as { dishes: ReadonlyArray<MenuDishJson> }) : undefined
    for (const { id, name, modelUrl, imageUrl } of menu?.dishes ?? []) {
      if (modelUrl !== null && imageUrl !== null) return { id, name, modelUrl, imageUrl }
    }
    if (Date.now() > deadline) throw new Error(`no demo model was ready in ${timeoutMs / 1000} s`)
    await sleep(500)
  }
}

/** A slow 4G phone connection: 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up. */
export const slow4g = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 }

export const throttle = (cdp: CDPSession) => cdp.send("Network.emulateNetworkConditions", slow4g)

/** Run in every document: when a <model-viewer> fires `load` (it does not bubble; a capturing listener sees it). */
export const recordModelLoad = `
  document.addEventListener("load", (event) => {
    if (event.target && event.target.tagName === "MODEL-VIEWER") window.__modelLoadedAt = performance.now()
  }, true)
`
