import { type Browser, chromium } from "playwright-core"

/** Debian's Chromium with the flags this machine needs (../shared/DESIGN.md); no vitest import, benches use it. */
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
