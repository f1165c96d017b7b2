// The demo restaurant with its 3D models built, for the dish page's browser test (test/e2e/dishPage.test.ts)
// and benchmark (bench/dish-page-slow4g.ts): the real stack (production build, API, model worker) seeded as
// `npm start` seeds it, then waited on until a dish's model is ready.
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { Effect } from "effect"
import { type Browser, type CDPSession, chromium } from "playwright-core"
import { loadDemoSeed, seedDemo, seedDemoPhotos } from "../../../packages/api/src/seed/seed.js"
import { type Stack, startStack } from "./stack.js"

export interface DemoDish {
  readonly id: string
  readonly name: string
  readonly modelUrl: string
  readonly imageUrl: string
}

export interface DemoWithModels {
  readonly stack: Stack
  /** The first demo dish whose model is ready (the worker builds them one after the other). */
  readonly dish: DemoDish
  /** Path of the built <model-viewer> chunk, e.g. "/assets/model-viewer-abc123.js". */
  readonly viewerChunk: string
}

interface MenuDishJson {
  readonly id: string
  readonly name: string
  readonly modelUrl: string | null
  readonly imageUrl: string | null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The <model-viewer> library's chunk, as the build manifest names it. */
const viewerChunkOf = async (webDist: string): Promise<string> => {
  const manifest = JSON.parse(await readFile(join(webDist, ".vite/manifest.json"), "utf8")) as Record<
    string,
    { readonly file: string }
  >
  const entry = Object.entries(manifest).find(([source]) => source.includes("node_modules/@google/model-viewer/"))
  if (entry === undefined) throw new Error("the build has no <model-viewer> chunk")
  return `/${entry[1].file}`
}

export const startDemoWithModels = async (logDir: string, timeoutMs = 150_000): Promise<DemoWithModels> => {
  const stack = await startStack(logDir)
  try {
    const seeded = await stack.api.run(Effect.flatMap(loadDemoSeed, seedDemo))
    await stack.api.run(seedDemoPhotos(seeded.restaurantId))
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const reply = await fetch(`${stack.baseUrl}/api/menu/demo`)
      const menu = reply.ok ? ((await reply.json()) as { dishes: ReadonlyArray<MenuDishJson> }) : undefined
      for (const { id, name, modelUrl, imageUrl } of menu?.dishes ?? []) {
        if (modelUrl !== null && imageUrl !== null) {
          return { stack, dish: { id, name, modelUrl, imageUrl }, viewerChunk: await viewerChunkOf(stack.webDist) }
        }
      }
      if (Date.now() > deadline) throw new Error(`no demo model was ready in ${timeoutMs / 1000} s; see ${logDir}`)
      await sleep(500)
    }
  } catch (error) {
    await stack.close()
    throw error
  }
}

/** Debian's Chromium with the flags this machine needs (../shared/DESIGN.md). */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  })

/** A slow 4G phone connection: 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up. */
export const slow4g = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 }

export const throttle = (cdp: CDPSession) => cdp.send("Network.emulateNetworkConditions", slow4g)

/** Run in every document: when a <model-viewer> fires `load` (it does not bubble; a capturing listener sees it). */
export const recordModelLoad = `
  document.addEventListener("load", (event) => {
    if (event.target && event.target.tagName === "MODEL-VIEWER") window.__modelLoadedAt = performance.now()
  }, true)
`
