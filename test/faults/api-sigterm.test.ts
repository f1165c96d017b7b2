// Fault: the API SIGTERMed under load. The API runs as deployed (`node --import tsx packages/api/src/main.ts`, a
// child process in its own group) with SHUTDOWN_GRACE_MS=4000, on the per-run test database and the shared Redis
// and clamd (which are only used, never stopped).
//
// Injected: while diners hammer the menu on fresh connections, an owner's photo upload and a diner's order are
// truly in flight (headers and half the body sent, the rest held back) and an order event stream (SSE) is open;
// then SIGTERM. The held-back halves are sent 600 ms later.
// Expected: a new connection made after SIGTERM is refused while those requests are still open; the in-flight
// upload answers 201 and the order 201 (and both are stored); every menu read that got an answer got 200; the
// open SSE stream is ended by the server at once (the browser's EventSource reconnects elsewhere), so the
// process exits 0 as soon as the in-flight requests are done, well before SHUTDOWN_GRACE_MS.
// Rerun: npx vitest run test/faults/api-sigterm.test.ts
import { randomBytes } from "node:crypto"
import { rmSync } from "node:fs"
import { request } from "node:http"
import { createConnection } from "node:net"
import { ownerWithMenu } from "@ardine/api/test-support/fixtures"
import { dishPhoto } from "@ardine/api/test-support/images"
import { type TestApi, testSettings } from "@ardine/api/test-support/testApi"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { type Child, freePort, sleep, startApiProcess, tempDir, waitFor } from "./support.js"

const GRACE_MS = 4_000

let child: Child
let db: pg.Pool
let storageDir: string
let port: number
let api: TestApi

beforeAll(async () => {
  port = await freePort()
  storageDir = tempDir("sigterm-storage")
  db = new pg.Pool({ connectionString: inject("databaseUrl"), max: 2 })
  // The same settings every API test uses, plus what a real process on its own port needs.
  const settings = testSettings({
    STORAGE_DIR: storageDir,
    PORT: String(port),
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
    APP_ORIGIN: `http://127.0.0.1:${port}`,
  })
  child = startApiProcess(settings)
  const baseUrl = `http://127.0.0.1:${port}`
  await waitFor(
    "the API to answer /api/health/live",
    () =>
      fetch(`${baseUrl}/api/health/live`)
        .then((r) => r.status)
        .catch(() => 0),
    (s) => s === 200 || child.exited(),
    45_000,
    200,
  )
  if (child.exited()) throw new Error(`the API exited at start:\n${child.lines.slice(-20).join("\n")}`)
  // The fixtures only need a base URL and a database pool.
  api = {
    baseUrl,
    settings,
    db,
    close: async () => undefined,
    run: () => Promise.reject(new Error("the API runs in a child process")),
  }
}, 60_000)

afterAll(async () => {
  await child?.kill()
  await db?.end()
  if (storageDir !== undefined) rmSync(storageDir, { recursive: true, force: true })
})

interface HeldRequest {
  /** Sends the rest of the body; resolves with the status and body text. */
  readonly finish: () => Promise<{ readonly status: number; readonly text: string }>
}

/** Opens a fresh connection, sends the headers and the first half of the body, and holds the rest back. */
const held = async (path: string, headers: Record<string, string>, body: Buffer): Promise<HeldRequest> => {
  const req = request({
    host: "127.0.0.1",
    port,
    path,
    method: "POST",
    agent: false,
    headers: { ...headers, "content-length": String(body.length) },
  })
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on("response", (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }))
      res.on("error", reject)
    })
    req.on("error", reject)
  })
  const half = Math.floor(body.length / 2)
  await new Promise<void>((resolve) => req.write(body.subarray(0, half), () => resolve()))
  return {
    finish: async () => {
      req.end(body.subarray(half))
      return response
    },
  }
}

const multipart = (photo: Uint8Array) => {
  const boundary = `----faults${randomBytes(8).toString("hex")}`
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="dish.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    Buffer.from(photo),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}

/** A plain TCP connect: "refused" once the listener is closed. */
const tryConnect = () =>
  new Promise<"connected" | "refused" | "other">((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port })
    socket.once("connect", () => {
      socket.destroy()
      resolve("connected")
    })
    socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED" ? "refused" : "other"))
  })

describe("fault: API SIGTERM under load", () => {
  it("completes in-flight requests, accepts no new connections, and exits 0 within the grace period", async () => {
    const { client, restaurant, slug, dishes, order } = await ownerWithMenu(api)
    const placed = await client.post(`/api/menu/${slug}/orders`, order(dishes.soup))
    expect(placed.status, placed.text).toBe(201)

    // An open order event stream (SSE), as a diner's phone keeps.
    const sse = request({ host: "127.0.0.1", port, path: `/api/orders/${placed.body.token}/events`, agent: false })
    let signalledAt = 0
    const sseEnded = new Promise<string>((resolve) => {
      sse.on("response", (res) => {
        res.resume()
        res.on("end", () => resolve(`ended ${Date.now() - signalledAt} ms after the signal`))
        res.on("error", () => resolve("error"))
      })
      sse.on("error", () => resolve("error"))
    })
    sse.end()

    // Diners reading the menu on fresh connections, before, during and after the signal.
    let stop = false
    const menuStatuses: Array<number> = []
    const menuErrors: Array<string> = []
    const menuLoad = Array.from({ length: 6 }, async () => {
      while (!stop) {
        try {
          const response = await fetch(`${api.baseUrl}/api/menu/${slug}`, {
            headers: { connection: "close" },
            signal: AbortSignal.timeout(GRACE_MS + 2_000),
          })
          await response.arrayBuffer()
          menuStatuses.push(response.status)
        } catch (error) {
          const cause = (error as { cause?: { code?: string } }).cause
          menuErrors.push(cause?.code ?? String(error))
          await sleep(20)
        }
      }
    })
    await waitFor(
      "menu reads before the signal",
      () => menuStatuses.length,
      (n) => n >= 6,
      10_000,
    )

    const upload = multipart(await dishPhoto("#5b2c6f"))
    const inFlightUpload = await held(
      `/api/restaurants/${restaurant.id}/dishes`,
      { "content-type": upload.contentType, cookie: client.sessionCookie ?? "", origin: api.baseUrl },
      upload.body,
    )
    const orderKey = `sigterm-${randomBytes(4).toString("hex")}`
    const inFlightOrder = await held(
      `/api/menu/${slug}/orders`,
      { "content-type": "application/json", "idempotency-key": orderKey },
      Buffer.from(JSON.stringify(order(dishes.steak, 2))),
    )
    await sleep(100)

    signalledAt = Date.now()
    child.signal("SIGTERM")
    // The listener is closed while the two requests are still open: new connections are refused.
    await waitFor("the listener to close", tryConnect, (answer) => answer === "refused", 2_000, 20)
    expect(child.exited()).toBe(false)
    await sleep(300)

    const [uploaded, ordered] = await Promise.all([inFlightUpload.finish(), inFlightOrder.finish()])
    expect(uploaded.status, uploaded.text).toBe(201)
    expect(ordered.status, ordered.text).toBe(201)

    const exit = await child.exit
    const exitMs = Date.now() - signalledAt
    stop = true
    await Promise.all(menuLoad)
    console.info(
      `[faults/api-sigterm] exit ${JSON.stringify(exit)} after ${exitMs} ms; menu answers ${menuStatuses.length}, ` +
        `refused/reset ${menuErrors.length} (${[...new Set(menuErrors)].join(", ")}); sse ${await sseEnded}`,
    )
    expect(exit).toEqual({ code: 0, signal: null })
    // The held-back halves went out ~700 ms after the signal; nothing else holds the process.
    expect(await sseEnded).toMatch(/^ended/)
    expect(exitMs).toBeLessThan(GRACE_MS)
    expect(menuStatuses.length).toBeGreaterThan(0)
    expect(menuStatuses.filter((s) => s !== 200)).toEqual([])
    expect(await tryConnect()).toBe("refused")

    // What the in-flight requests did is stored.
    const dishRows = await db.query("SELECT id FROM dishes WHERE id = $1", [JSON.parse(uploaded.text).id])
    expect(dishRows.rowCount).toBe(1)
    const orderRows = await db.query(
      "SELECT (SELECT count(*)::int FROM order_items i WHERE i.order_id = o.id) AS items FROM orders o WHERE idempotency_key = $1",
      [orderKey],
    )
    expect(orderRows.rows).toEqual([{ items: 1 }])
  }, 60_000)
})
