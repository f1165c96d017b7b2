// What a diner's phone downloads for the menu, counted on the wire by Chromium itself (DevTools protocol:
// every response's encodedDataLength, headers included, after any content coding). Shared by the browser
// test (test/e2e/dinerBytes.test.ts) and the benchmark (bench/diner-bytes.ts).
import type { Browser } from "playwright-core"

/** A phone: 390×844 CSS pixels at 3x, touch, mobile viewport rules (as an iPhone 12-15). */
export const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }

/** The diner's menu is usable once its first dish is on screen (everything it needs has run). */
export const menuUsable = "ul.dish-list li"

export interface Transfer {
  readonly url: string
  readonly mimeType: string
  /** The response's Content-Encoding, if any. */
  readonly encoding: string | undefined
  /** Bytes received for it: headers and body as sent (compressed if it was). */
  readonly bytes: number
  /** Requested before the menu was usable. */
  readonly beforeUsable: boolean
}

export interface DinerBytes {
  readonly transfers: ReadonlyArray<Transfer>
  /** JavaScript requested before the menu was usable, as transferred. */
  readonly initialJs: number
  /** Everything, once the page was scrolled to the bottom and the network was quiet. */
  readonly all: number
  readonly usableMs: number
}

export const isJavaScript = (transfer: Transfer) => /javascript/i.test(transfer.mimeType)

interface Pending {
  url: string
  beforeUsable: boolean
  mimeType: string
  encoding: string | undefined
  bytes: number | undefined
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Opens `url` in a fresh context (empty cache) as a phone, waits for the menu to be usable, then scrolls to
 * the bottom a screen at a time and waits for the network to be quiet. `acceptEncoding` replaces the
 * browser's own (gzip, deflate, br, zstd): "gzip" is what nginx's build copies give, "identity" shows what
 * compression saves.
 */
export const measureDinerBytes = async (
  browser: Browser,
  url: string,
  options: { readonly acceptEncoding?: string } = {},
): Promise<DinerBytes> => {
  const context = await browser.newContext(phone)
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    const requests = new Map<string, Pending>()
    let usable = false
    cdp.on("Network.requestWillBeSent", (event) => {
      // A redirect reuses the id: the request counts from its first hop.
      const earlier = requests.get(event.requestId)
      requests.set(event.requestId, {
        url: event.request.url,
        beforeUsable: earlier?.beforeUsable ?? !usable,
        mimeType: "",
        encoding: undefined,
        bytes: undefined,
      })
    })
    cdp.on("Network.responseReceived", (event) => {
      const request = requests.get(event.requestId)
      if (request === undefined) return
      request.mimeType = event.response.mimeType
      const headers = Object.entries(event.response.headers)
      request.encoding = headers.find(([name]) => name.toLowerCase() === "content-encoding")?.[1]
    })
    cdp.on("Network.loadingFinished", (event) => {
      const request = requests.get(event.requestId)
      if (request !== undefined) request.bytes = event.encodedDataLength
    })
    cdp.on("Network.loadingFailed", (event) => {
      const request = requests.get(event.requestId)
      if (request !== undefined) request.bytes = 0
    })
    await cdp.send("Network.enable")
    if (options.acceptEncoding !== undefined) {
      await cdp.send("Network.setExtraHTTPHeaders", { headers: { "Accept-Encoding": options.acceptEncoding } })
    }

    /** Until no request has been in flight for `quietMs`. */
    const networkQuiet = async (quietMs = 500, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs
      let quietSince = Date.now()
      while (Date.now() - quietSince < quietMs) {
        if (Date.now() > deadline) throw new Error(`${url}: the network never went quiet`)
        if ([...requests.values()].some((request) => request.bytes === undefined)) quietSince = Date.now()
        await sleep(50)
      }
    }

    const started = Date.now()
    await page.goto(url)
    await page.locator(menuUsable).first().waitFor({ state: "visible", timeout: 30_000 })
    usable = true
    const usableMs = Date.now() - started
    await networkQuiet()

    // A screen at a time, as a thumb would, so lazy images load as they come into view.
    for (let step = 0; step < 200; step++) {
      // A string: this file is type-checked without the DOM's types.
      const atBottom = await page.evaluate(
        "window.scrollBy(0, window.innerHeight), window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1",
      )
      await sleep(150)
      if (atBottom === true) break
    }
    await networkQuiet()

    const transfers: Array<Transfer> = [...requests.values()]
      .filter((request) => !request.url.startsWith("data:") && !request.url.startsWith("blob:"))
      .map((request) => ({
        url: request.url,
        mimeType: request.mimeType,
        encoding: request.encoding,
        bytes: request.bytes ?? 0,
        beforeUsable: request.beforeUsable,
      }))
    const sum = (list: ReadonlyArray<Transfer>) => list.reduce((total, transfer) => total + transfer.bytes, 0)
    return {
      transfers,
      initialJs: sum(transfers.filter((transfer) => transfer.beforeUsable && isJavaScript(transfer))),
      all: sum(transfers),
      usableMs,
    }
  } finally {
    await context.close()
  }
}
