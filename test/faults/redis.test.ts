// Fault: Redis stopped for REDIS_DOWN_MS (20 s by default; FAULT_REDIS_DOWN_MS overrides) — a PRIVATE
// redis-server on a free port (no persistence, noeviction), never the shared one on 6379.
//
// Injected: a dish is uploaded (its job queued) while no worker runs, then Redis is SIGKILLed. Because this Redis
// keeps nothing on disk, the queued job is LOST with it: only the dish row in Postgres remembers it. The worker is
// started while Redis is down (it must start anyway and keep reconnecting).
// Expected while Redis is down: the diner menu and the order status answer 200 from Postgres; placing an order
// answers 201 (rate limits are counted in memory and live events are best effort); uploads answer 503 and leave no dish
// row and no blob. After Redis returns, with no manual step: the reconciler (RECONCILE_INTERVAL_MS=1000,
// RECONCILE_STALE_AFTER_MS=2000) re-enqueues the lost job and the dish ends `ready`; new uploads work again.
// Rerun: npx vitest run test/faults/redis.test.ts
import { randomBytes } from "node:crypto"
import { rmSync } from "node:fs"
import { count, ownerWithMenu } from "@ardine/api/test-support/fixtures"
import { Client } from "@ardine/api/test-support/httpClient"
import { dishPhoto } from "@ardine/api/test-support/images"
import { startTestApi, type TestApi } from "@ardine/api/test-support/testApi"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { adminQuery, withDatabase } from "../support/database-url.js"
import {
  type Child,
  filesUnder,
  logged,
  MODEL_WORKER_STARTED,
  PrivateRedis,
  sleep,
  startWorker,
  tempDir,
  waitFor,
} from "./support.js"

const DOWN_MS = Number(process.env.FAULT_REDIS_DOWN_MS ?? 20_000)

let redis: PrivateRedis
let api: TestApi
let storageDir: string
const children: Array<Child> = []
// Its own database: this scenario's reconciler re-enqueues every stale pending dish it finds, and the shared
// database holds other files' uploads that no worker of theirs builds (they would queue ahead of the lost job,
// and this worker would fail them, having none of their photos).
const database = `ardine_test_redisfault_${Date.now()}_${randomBytes(3).toString("hex")}`

beforeAll(async () => {
  await adminQuery(inject("databaseUrl"), `CREATE DATABASE ${database}`)
  redis = await PrivateRedis.start()
  storageDir = tempDir("redis-storage")
  api = await startTestApi({
    DATABASE_URL: withDatabase(inject("databaseUrl"), database),
    REDIS_URL: redis.url,
    STORAGE_DIR: storageDir,
  })
}, 60_000)

afterAll(async () => {
  for (const child of children) await child.kill()
  await api?.close()
  await redis?.down()
  if (storageDir !== undefined) rmSync(storageDir, { recursive: true, force: true })
  if (process.env.KEEP_TEST_DATABASE === undefined) {
    await adminQuery(inject("databaseUrl"), `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  }
})

/** A request that must answer (not hang): its status and how long it took. */
const timed = async <A>(call: () => Promise<A>): Promise<{ readonly reply: A; readonly ms: number }> => {
  const started = Date.now()
  const reply = await call()
  return { reply, ms: Date.now() - started }
}

describe("fault: Redis stopped", () => {
  it(
    `keeps the menu, orders and order status working; uploads 503; lost jobs complete after Redis returns`,
    async () => {
      const { client, restaurant, slug, dishes, order } = await ownerWithMenu(api)
      const diner = new Client(api.baseUrl)
      const photo = await dishPhoto("#6c3483")
      const placed = await diner.post(`/api/menu/${slug}/orders`, order(dishes.soup, 2))
      expect(placed.status, placed.text).toBe(201)
      const token: string = placed.body.token

      // Queued while no worker runs.
      const queued = await client.upload(`/api/restaurants/${restaurant.id}/dishes`, [
        { name: "dish.jpg", type: "image/jpeg", bytes: await dishPhoto("#117a65") },
      ])
      expect(queued.status, queued.text).toBe(201)
      const queuedId: string = queued.body.id

      await redis.down()
      const downAt = Date.now()
      const worker = startWorker({
        DATABASE_URL: api.settings.DATABASE_URL ?? "",
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: api.settings.REDIS_KEY_PREFIX ?? "",
        CLAMAV_PORT: api.settings.CLAMAV_PORT ?? "3399",
        STORAGE_DIR: storageDir,
        RECONCILE_INTERVAL_MS: "1000",
        RECONCILE_STALE_AFTER_MS: "2000",
      })
      children.push(worker)

      const dishesBefore = await count(api, "dishes", "restaurant_id = $1", [restaurant.id])
      const filesBefore = filesUnder(storageDir)
      let rounds = 0
      const orderIds: Array<string> = []
      try {
        // Keep probing for the whole outage, as diners and owners would.
        while (Date.now() - downAt < DOWN_MS) {
          rounds++
          const menu = await timed(() => diner.get(`/api/menu/${slug}`))
          expect(menu.reply.status, menu.reply.text).toBe(200)
          expect(menu.ms).toBeLessThan(5_000)
          const status = await timed(() => diner.get(`/api/orders/${token}`))
          expect(status.reply.status, status.reply.text).toBe(200)
          expect(status.ms).toBeLessThan(5_000)
          const another = await timed(() => diner.post(`/api/menu/${slug}/orders`, order(dishes.steak, 1)))
          expect(another.reply.status, another.reply.text).toBe(201)
          expect(another.ms).toBeLessThan(5_000)
          orderIds.push(another.reply.body.order.id)
          if (rounds <= 2) {
            const upload = await timed(() =>
              client.upload(`/api/restaurants/${restaurant.id}/dishes`, [
                { name: "dish.jpg", type: "image/jpeg", bytes: photo },
              ]),
            )
            expect(upload.reply.status, upload.reply.text).toBe(503)
            expect(upload.reply.body._tag).toBe("ServiceUnavailable")
            expect(upload.ms).toBeLessThan(10_000)
          }
          await sleep(500)
        }
        expect(await count(api, "dishes", "restaurant_id = $1", [restaurant.id])).toBe(dishesBefore)
        expect(filesUnder(storageDir)).toEqual(filesBefore)
        // Every order placed during the outage is whole.
        expect(await count(api, "order_items", "order_id = ANY($1::uuid[])", [orderIds])).toBe(orderIds.length)
      } finally {
        await redis.up()
      }

      await logged(worker, MODEL_WORKER_STARTED, 30_000)
      const dish = await waitFor(
        "the lost job's dish to be ready",
        async () => (await client.get(`/api/restaurants/${restaurant.id}/dishes/${queuedId}`)).body,
        (d) => d.modelStatus === "ready" || d.modelStatus === "failed",
        30_000,
        200,
      )
      expect(dish.modelStatus, dish.failureReason ?? "").toBe("ready")
      expect(worker.lines.some((l) => l.includes("re-enqueued a model job that had gone missing"))).toBe(true)

      // New work flows again, with no restart of the API or the worker.
      // The API's queue connection reconnects on its own; until it has, uploads keep answering a clean 503.
      const upAt = Date.now()
      const after = await waitFor(
        "uploads to be accepted again",
        () =>
          client.upload(`/api/restaurants/${restaurant.id}/dishes`, [
            { name: "dish.jpg", type: "image/jpeg", bytes: photo },
          ]),
        (r) => r.status !== 503,
        20_000,
        250,
      )
      expect(after.status, after.text).toBe(201)
      console.info(`[faults/redis] uploads accepted again ${Date.now() - upAt} ms after the lost job was ready`)
      await waitFor(
        "the new dish to be ready",
        async () => (await client.get(`/api/restaurants/${restaurant.id}/dishes/${after.body.id}`)).body,
        (d) => d.modelStatus === "ready",
        30_000,
        200,
      )
      worker.signal("SIGTERM")
      expect((await worker.exit).code).toBe(0)
    },
    DOWN_MS + 90_000,
  )
})
