// Fault: clamd stopped (a PRIVATE clamd on its own port; the shared one on 3399 is never touched).
//
// Injected: the API and the worker scan through a clamd we start as our child; we SIGKILL it and start it again.
// Expected: uploads are refused with 503 `ScannerUnavailable` and leave nothing (no dish row, no blob); a model
// job that reaches its scan step while clamd is down waits for it without spending an attempt (tried again after
// 1 s, 2 s, ... up to WORKER_OUTAGE_RETRY_MAX_MS), however many times that takes, and finishes once clamd is
// back: the dish ends `ready` with one model and one poster, with nobody pressing regenerate.
// Rerun: npx vitest run test/faults/clamd.test.ts   (TEST_LOG=1 prints the children's logs)
import { rmSync } from "node:fs"
import { count, ownerWithMenu } from "@ardine/api/test-support/fixtures"
import { dishPhoto } from "@ardine/api/test-support/images"
import { startTestApi, type TestApi } from "@ardine/api/test-support/testApi"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Child,
  filesUnder,
  JOB_WAITS_FOR_SERVICE,
  logged,
  MODEL_WORKER_STARTED,
  PrivateClamd,
  startWorker,
  tempDir,
  waitFor,
} from "./support.js"

let clamd: PrivateClamd
let api: TestApi
let storageDir: string
const children: Array<Child> = []

beforeAll(async () => {
  clamd = await PrivateClamd.start()
  storageDir = tempDir("clamd-storage")
  api = await startTestApi({
    CLAMAV_PORT: String(clamd.port),
    CLAMAV_CONNECT_TIMEOUT_MS: "500",
    STORAGE_DIR: storageDir,
  })
}, 60_000)

afterAll(async () => {
  for (const child of children) await child.kill()
  await api?.close()
  await clamd?.dispose()
  if (storageDir !== undefined) rmSync(storageDir, { recursive: true, force: true })
})

describe("fault: clamd stopped", () => {
  it("refuses uploads with 503 ScannerUnavailable and stores nothing", async () => {
    const { client, restaurant } = await ownerWithMenu(api)
    const dishesBefore = await count(api, "dishes", "restaurant_id = $1", [restaurant.id])
    await clamd.down()
    try {
      const photo = await dishPhoto("#2e86c1")
      for (let i = 0; i < 3; i++) {
        const started = Date.now()
        const reply = await client.upload(`/api/restaurants/${restaurant.id}/dishes`, [
          { name: "dish.jpg", type: "image/jpeg", bytes: photo },
        ])
        expect(reply.status, reply.text).toBe(503)
        expect(reply.body._tag).toBe("ScannerUnavailable")
        expect(Date.now() - started).toBeLessThan(10_000)
      }
      expect(await count(api, "dishes", "restaurant_id = $1", [restaurant.id])).toBe(dishesBefore)
      expect(filesUnder(storageDir)).toEqual([])
    } finally {
      await clamd.up()
    }
    // And it recovers by itself.
    const reply = await client.upload(`/api/restaurants/${restaurant.id}/dishes`, [
      { name: "dish.jpg", type: "image/jpeg", bytes: await dishPhoto("#2e86c1") },
    ])
    expect(reply.status, reply.text).toBe(201)
  }, 60_000)

  it("a model job waits out a clamd outage longer than its 3 attempts and ends ready with no manual step", async () => {
    const { client, restaurant } = await ownerWithMenu(api)
    // Upload while clamd is up and no worker runs: the dish waits as pending with its job queued.
    const uploaded = await client.upload(`/api/restaurants/${restaurant.id}/dishes`, [
      { name: "dish.jpg", type: "image/jpeg", bytes: await dishPhoto("#a04000") },
    ])
    expect(uploaded.status, uploaded.text).toBe(201)
    const dishId: string = uploaded.body.id

    await clamd.down()
    const worker = startWorker({
      DATABASE_URL: api.settings.DATABASE_URL ?? "",
      REDIS_KEY_PREFIX: api.settings.REDIS_KEY_PREFIX ?? "",
      CLAMAV_PORT: String(clamd.port),
      CLAMAV_CONNECT_TIMEOUT_MS: "500",
      STORAGE_DIR: storageDir,
      // Tries 1 s apart at most (default 60 s), so the outage below outlasts many of them in a short test.
      WORKER_OUTAGE_RETRY_MAX_MS: "1000",
    })
    children.push(worker)
    await logged(worker, MODEL_WORKER_STARTED)
    // Five runs reach the scan step and meet the outage: with attempts spent, the third would have failed
    // the dish. Instead each waits without spending one, and the dish stays generating, never failed.
    await logged(worker, JOB_WAITS_FOR_SERVICE, 60_000, 5)
    const during = await client.get(`/api/restaurants/${restaurant.id}/dishes/${dishId}`)
    expect(during.body.modelStatus).toBe("generating")
    // The owner sees why it is taking long, and since when.
    expect(during.body.modelWaitingFor).toBe("scanner")
    expect(Date.parse(during.body.modelWaitingSince)).toBeLessThanOrEqual(Date.now())
    expect(worker.lines.some((l) => l.includes("model job failed"))).toBe(false)
    expect(filesUnder(storageDir).filter((f) => f.includes(".glb"))).toEqual([])

    await clamd.up()
    const dish = await waitFor(
      "the dish to be ready",
      async () => (await client.get(`/api/restaurants/${restaurant.id}/dishes/${dishId}`)).body,
      (d) => d.modelStatus === "ready" || d.modelStatus === "failed",
      30_000,
    )
    expect(dish.modelStatus, dish.failureReason ?? "").toBe("ready")
    expect(dish).toMatchObject({ modelWaitingFor: null, modelWaitingSince: null })
    // Exactly one model, its poster and its USDZ for this dish (the first scan's failure left nothing behind).
    const modelFiles = filesUnder(storageDir).filter((f) => f.startsWith("dish-models/") && f.includes(dishId))
    expect(modelFiles.filter((f) => f.endsWith(".glb"))).toHaveLength(1)
    // The GLB, its poster and its USDZ.
    expect(modelFiles).toHaveLength(3)
    worker.signal("SIGTERM")
    expect((await worker.exit).code).toBe(0)
  }, 90_000)
})
