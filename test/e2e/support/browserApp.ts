import { rm } from "node:fs/promises"
import { join } from "node:path"
import { startTestApi, type TestApi } from "@ardine/api/test-support/testApi"
import type { Browser, Page } from "playwright-core"
import { launchChromium } from "./chromium.js"
import { buildWeb, repoRoot } from "./stack.js"

/** A production build of the web app served by an in-process API (no model worker), and Chromium to drive it. */
export interface BrowserApp {
  readonly api: TestApi
  readonly browser: Browser
  /** A fresh 390×844 page on the app. */
  readonly phone: () => Promise<Page>
  readonly close: () => Promise<void>
}

export const startBrowserApp = async (): Promise<BrowserApp> => {
  const webDist = await buildWeb(join(repoRoot, "test-artifacts"))
  const api = await startTestApi({ WEB_DIST_DIR: webDist })
  const browser = await launchChromium()
  return {
    api,
    browser,
    phone: async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: api.baseUrl })
      return context.newPage()
    },
    close: async () => {
      await browser.close().catch(() => undefined)
      await api.close()
      await rm(webDist, { recursive: true, force: true })
    },
  }
}
