// Fault: the model worker SIGKILLed in each step of a job (the worker is a real child process; the API runs
// in-process; blobs on a private filesystem store so every object can be listed; the shared Redis under a
// fresh key prefix, with a 2 s lock and 1 s stalled-job check so a dead worker's job moves on fast).
//
// Injected (1) "before build": WORKER_TEST_PAUSE_AFTER=generating holds the job right after the dish is marked
// `generating` (progress 5: nothing fetched, built or stored yet); the test SIGKILLs the worker there.
// Injected (2) "after upload, before the DB update": WORKER_TEST_PAUSE_AFTER=upload holds the job once the model and
// poster are stored but before the row says `ready`; the test SIGKILLs it there.
// Expected for both: a fresh worker takes the job over (stalled-job check) and the dish ends `ready` at version 1
// with exactly one model, one poster and one USDZ below its prefix, the model and the USDZ being the row's
// model_key and usdz_key: no orphan blob.
// Rerun: npx vitest run test/faults/worker-kill.test.ts
import { rmSync } from "node:fs"
import { ownerWithMenu } from "@ardine/api/test-support/fixtures"
import { dishPhoto } from "@ardine/api/test-support/images"
import { startTestApi, type TestApi } from "@ardine/api/test-support/testApi"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Child,
  filesUnder,
  logged,
  MODEL_WORKER_STARTED,
  PAUSED_AFTER_GENERATING,
  PAUSED_AFTER_UPLOAD,
  sleep,
  startWorker,
  tempDir,
  waitFor,
} from "./support.js"

let api: TestApi
let storageDir: string
const children: Array<Child> = []

beforeAll(async () => {
  storageDir = tempDir("kill-storage")
  api = await startTestApi({ STORAGE_DIR: storageDir })
}, 60_000)

afterAll(async () => {
  for (const child of children) await child.kill()
  await api?.close()
  if (storageDir !== undefined) rmSync(storageDir, { recursive: true, force: true })
})

interface Row {
  readonly model_status: string
  readonly model_progress: number
  readonly model_key: string | null
  readonly usdz_key: string | null
  readonly model_version: number
}

const row = async (dishId: string): Promise<Row | undefined> =>
  (
    await api.db.query<Row>(
      "SELECT model_status, model_progress, model_key, model_version, usdz_key FROM dishes WHERE id = $1",
      [dishId],
    )
  ).rows[0]

const worker = (extra: Record<string, string> = {}) => {
  const child = startWorker({
    DATABASE_URL: api.settings.DATABASE_URL ?? "",
    REDIS_KEY_PREFIX: api.settings.REDIS_KEY_PREFIX ?? "",
    CLAMAV_PORT: api.settings.CLAMAV_PORT ?? "3399",
    STORAGE_DIR: storageDir,
    ...extra,
  })
  children.push(child)
  return child
}

const modelFilesOf = (dishId: string) =>
  filesUnder(storageDir).filter((f) => f.startsWith("dish-models/") && f.includes(dishId))

const uploadDish = async (color: string) => {
  const { client, restaurant } = await ownerWithMenu(api)
  const uploaded = await client.upload(`/api/restaurants/${restaurant.id}/dishes`, [
    { name: "dish.jpg", type: "image/jpeg", bytes: await dishPhoto(color) },
  ])
  expect(uploaded.status, uploaded.text).toBe(201)
  return uploaded.body.id as string
}

/** After the restart: ready at version 1, one model + one poster, the model being the row's key. */
const expectReadyWithOneModel = async (dishId: string) => {
  const done = await waitFor(
    "the dish to be ready",
    () => row(dishId),
    (r) => r?.model_status === "ready" || r?.model_status === "failed",
    30_000,
    100,
  )
  expect(done).toMatchObject({ model_status: "ready", model_progress: 100, model_version: 1 })
  const files = modelFilesOf(dishId)
  expect(files).toHaveLength(3)
  expect(files.filter((f) => f.endsWith(".glb"))).toEqual([`dish-models/${done?.model_key}`])
  expect(files.filter((f) => f.endsWith(".usdz"))).toEqual([`dish-models/${done?.usdz_key}`])
}

describe("fault: worker SIGKILLed in each step of a job", () => {
  it("killed right after marking the dish generating (before build): the next worker finishes it, no orphan", async () => {
    const first = worker({ WORKER_TEST_PAUSE_AFTER: "generating", WORKER_TEST_PAUSE_MS: "60000" })
    await logged(first, MODEL_WORKER_STARTED)
    const dishId = await uploadDish("#943126")
    await logged(first, PAUSED_AFTER_GENERATING)
    expect(await row(dishId)).toMatchObject({ model_status: "generating", model_progress: 5 })
    first.signal("SIGKILL")
    expect((await first.exit).signal).toBe("SIGKILL")
    // Nothing was stored by the killed run (storage listed after the kill: nothing can land any more).
    expect(modelFilesOf(dishId)).toEqual([])
    expect((await row(dishId))?.model_status).toBe("generating")

    const second = worker()
    await expectReadyWithOneModel(dishId)
    second.signal("SIGTERM")
    expect((await second.exit).code).toBe(0)
  }, 60_000)

  it("killed after uploading but before the database update: the next worker finishes it, no orphan", async () => {
    const first = worker({ WORKER_TEST_PAUSE_AFTER: "upload", WORKER_TEST_PAUSE_MS: "60000" })
    await logged(first, MODEL_WORKER_STARTED)
    const dishId = await uploadDish("#1e8449")
    await logged(first, PAUSED_AFTER_UPLOAD)
    const uploaded = modelFilesOf(dishId)
    expect(uploaded).toHaveLength(3)
    expect((await row(dishId))?.model_status).toBe("generating")
    first.signal("SIGKILL")
    expect((await first.exit).signal).toBe("SIGKILL")
    await sleep(100)

    const second = worker()
    await expectReadyWithOneModel(dishId)
    // Deterministic build, content-addressed key: the re-run overwrote the same two objects.
    expect(modelFilesOf(dishId)).toEqual(uploaded)
    second.signal("SIGTERM")
    expect((await second.exit).code).toBe(0)
  }, 60_000)
})
