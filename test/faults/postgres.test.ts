// Fault: Postgres connections killed under load, with `pg_terminate_backend` — never a server restart.
//
// The API and the worker connect with `application_name=<unique>` in their DATABASE_URL, and the killer only
// terminates backends `WHERE datname = current_database() AND application_name = <unique>`: the per-run test
// database is shared by the other test files of `npm test`, and their connections are left alone.
// Injected: 8 diners loop (place an order of two dishes with a fresh Idempotency-Key, read the menu, read the
// order status) for LOAD_MS while every KILL_EVERY_MS all of this API's and worker's backends are terminated;
// an upload's model job runs in the worker at the same time.
// Expected: every request answers (no hang: 10 s client timeout), either 2xx or an error status with a `_tag`
// (never a reset connection); once the kills stop the pools recover by themselves; no half-written order (every
// order has both its items); re-submitting each failed order with its Idempotency-Key yields exactly one order
// per key (nothing lost, nothing doubled); the model job still ends `ready`.
// Rerun: npx vitest run test/faults/postgres.test.ts
import { randomBytes } from "node:crypto"
import { rmSync } from "node:fs"
import { ownerWithMenu } from "@ardine/api/test-support/fixtures"
import { Client, type Json } from "@ardine/api/test-support/httpClient"
import { dishPhoto } from "@ardine/api/test-support/images"
import { startTestApi, type TestApi } from "@ardine/api/test-support/testApi"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { type Child, logged, MODEL_WORKER_STARTED, sleep, startWorker, tempDir, waitFor } from "./support.js"

const LOAD_MS = 8_000
const KILL_EVERY_MS = 700
const DINERS = 8

const appName = `faults_pg_${randomBytes(5).toString("hex")}`
const base = inject("databaseUrl")
const databaseUrl = `${base}${base.includes("?") ? "&" : "?"}application_name=${appName}`

let api: TestApi
let admin: pg.Pool
let storageDir: string
const children: Array<Child> = []

beforeAll(async () => {
  admin = new pg.Pool({ connectionString: base, max: 2 })
  storageDir = tempDir("pg-storage")
  api = await startTestApi({ DATABASE_URL: databaseUrl, STORAGE_DIR: storageDir })
  // The fixtures' own pool shares the application_name: its idle clients get killed too, which is harmless.
  api.db.on("error", () => undefined)
}, 60_000)

afterAll(async () => {
  for (const child of children) await child.kill()
  await api?.close()
  await admin?.end()
  if (storageDir !== undefined) rmSync(storageDir, { recursive: true, force: true })
})

interface Outcome {
  readonly what: string
  readonly status: number | "error"
  readonly tag?: string
  readonly detail?: string
}

/** fetch with a hard timeout: a hang shows up as status "error" with a TimeoutError detail. */
const call = async (
  what: string,
  url: string,
  init: RequestInit = {},
): Promise<{ outcome: Outcome; body: Json | undefined }> => {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) })
    const text = await response.text()
    let body: Json | undefined
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined
    } catch {
      body = undefined
    }
    const tag = typeof body?._tag === "string" ? (body._tag as string) : undefined
    return { outcome: { what, status: response.status, ...(tag === undefined ? {} : { tag }) }, body }
  } catch (error) {
    return { outcome: { what, status: "error", detail: String(error) }, body: undefined }
  }
}

describe("fault: Postgres backends terminated under load", () => {
  it("fails in-flight requests cleanly, recovers by itself, and never leaves a half-written order", async () => {
    const { client, restaurant, slug, dishes, order } = await ownerWithMenu(api)
    const diner = new Client(api.baseUrl)
    const worker = startWorker({
      DATABASE_URL: databaseUrl,
      REDIS_KEY_PREFIX: api.settings.REDIS_KEY_PREFIX ?? "",
      CLAMAV_PORT: api.settings.CLAMAV_PORT ?? "3399",
      STORAGE_DIR: storageDir,
    })
    children.push(worker)
    await logged(worker, MODEL_WORKER_STARTED)
    const uploaded = await client.upload(`/api/restaurants/${restaurant.id}/dishes`, [
      { name: "dish.jpg", type: "image/jpeg", bytes: await dishPhoto("#7d3c98") },
    ])
    expect(uploaded.status, uploaded.text).toBe(201)

    const orderBody = () =>
      JSON.stringify(
        order(dishes.soup, 2, {
          items: [
            { dishId: dishes.soup, quantity: 2 },
            { dishId: dishes.steak, quantity: 1 },
          ],
        }),
      )
    const placeOrder = (key: string) =>
      call("order", `${api.baseUrl}/api/menu/${slug}/orders`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": key },
        body: orderBody(),
      })

    const outcomes: Array<Outcome> = []
    const keys: Array<{ key: string; ok: boolean }> = []
    let kills = 0
    let killed = 0
    const stopAt = Date.now() + LOAD_MS
    const killer = (async () => {
      while (Date.now() < stopAt) {
        await sleep(KILL_EVERY_MS)
        const { rows } = await admin.query<{ n: number }>(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
          [appName],
        )
        kills++
        killed += rows[0]?.n ?? 0
      }
    })()
    const loop = async (n: number) => {
      let token: string | undefined
      let i = 0
      while (Date.now() < stopAt) {
        const key = `faults-pg-${n}-${i++}-${randomBytes(3).toString("hex")}`
        const placed = await placeOrder(key)
        outcomes.push(placed.outcome)
        keys.push({ key, ok: placed.outcome.status === 201 })
        if (placed.outcome.status === 201) token = placed.body?.token
        outcomes.push((await call("menu", `${api.baseUrl}/api/menu/${slug}`)).outcome)
        if (token !== undefined) outcomes.push((await call("status", `${api.baseUrl}/api/orders/${token}`)).outcome)
      }
    }
    await Promise.all([killer, ...Array.from({ length: DINERS }, (_, n) => loop(n))])

    const failures = outcomes.filter((o) => o.status === "error" || o.status >= 400)
    const summary = {
      requests: outcomes.length,
      failures: failures.length,
      kills,
      backendsKilled: killed,
      byStatus: Object.fromEntries(
        [...new Set(failures.map((f) => `${f.what} ${f.status} ${f.tag ?? ""}`))].map((k) => [
          k,
          failures.filter((f) => `${f.what} ${f.status} ${f.tag ?? ""}` === k).length,
        ]),
      ),
    }
    console.info(`[faults/postgres] ${JSON.stringify(summary)}`)
    expect(killed).toBeGreaterThan(0)
    // No hang, no reset: every failure is an HTTP answer with a _tag.
    expect(failures.filter((f) => f.status === "error")).toEqual([])
    expect(failures.filter((f) => f.tag === undefined)).toEqual([])
    // Failures are 4xx or 503, never a 500: a lost connection is an outage, not a bug (a connection lost
    // at COMMIT used to surface as a 500; OrdersRepo now keeps it an SqlError, answered 503).
    const serverErrors = failures.filter((f) => typeof f.status === "number" && f.status >= 500 && f.status !== 503)
    expect(serverErrors).toEqual([])
    expect(outcomes.filter((o) => o.status === 200 || o.status === 201).length).toBeGreaterThan(outcomes.length / 2)

    // The pools recover by themselves.
    await waitFor(
      "the menu and orders to succeed again",
      async () => [
        (await diner.get(`/api/menu/${slug}`)).status,
        (await placeOrder(`after-${Date.now()}`)).outcome.status,
      ],
      ([menu, placed]) => menu === 200 && placed === 201,
      10_000,
      200,
    )
    for (let i = 0; i < 5; i++) {
      expect((await diner.get(`/api/menu/${slug}`)).status).toBe(200)
      expect((await placeOrder(`after-${i}-${randomBytes(3).toString("hex")}`)).outcome.status).toBe(201)
    }

    // Nothing half-written: every order of this restaurant has both its lines.
    const { rows: partial } = await admin.query<{ id: string; items: number }>(
      `SELECT o.id, (SELECT count(*)::int FROM order_items i WHERE i.order_id = o.id) AS items
         FROM orders o WHERE o.restaurant_id = $1`,
      [restaurant.id],
    )
    expect(partial.filter((o) => o.items !== 2)).toEqual([])

    // Re-submitting every failed order with its key: exactly one order per key, none lost, none doubled.
    for (const { key, ok } of keys) {
      if (ok) continue
      const retried = await placeOrder(key)
      expect(retried.outcome.status, JSON.stringify(retried.outcome)).toBe(201)
    }
    const { rows: perKey } = await admin.query<{ n: number; keyed: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE idempotency_key = ANY($2::text[]))::int AS keyed
         FROM orders WHERE restaurant_id = $1`,
      [restaurant.id, keys.map((k) => k.key)],
    )
    expect(perKey[0]?.keyed).toBe(keys.length)
    const { rows: items } = await admin.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.restaurant_id = $1",
      [restaurant.id],
    )
    expect(items[0]?.n).toBe((perKey[0]?.n ?? 0) * 2)

    const dish = await waitFor(
      "the uploaded dish to be ready",
      async () => (await client.get(`/api/restaurants/${restaurant.id}/dishes/${uploaded.body.id}`)).body,
      (d) => d.modelStatus === "ready" || d.modelStatus === "failed",
      30_000,
      200,
    )
    expect(dish.modelStatus, dish.failureReason ?? "").toBe("ready")
    worker.signal("SIGTERM")
    expect((await worker.exit).code).toBe(0)
  }, 90_000)
})
