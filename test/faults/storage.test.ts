// Fault: S3 blob storage unreachable. The API and the worker talk to the real S3 server of the test machine
// (Ceph RGW on 127.0.0.1:7480, started by `npm test`) through a TCP proxy this test owns, with buckets of their
// own (unique names). "Unreachable" = the proxy resets every open connection and refuses new ones; Ceph itself
// is never touched.
//
// Injected (1): storage cut while an owner uploads. Expected: 503 with a `_tag`, no dish row, no object in either
// bucket; once the proxy is back, uploads work again without a restart.
// Injected (2): a queued model job meets the cut when it fetches the photo (the worker is SIGSTOPped while the
// job is queued and the proxy cut, then SIGCONTed). Expected: the job waits for storage without spending an
// attempt, and once storage is back a later run ends the dish `ready` with one model and one poster in the
// models bucket.
// Rerun: npx vitest run test/faults/storage.test.ts
import { randomBytes } from "node:crypto"
import { count, ownerWithMenu } from "@ardine/api/test-support/fixtures"
import { dishPhoto } from "@ardine/api/test-support/images"
import { startTestApi, type TestApi } from "@ardine/api/test-support/testApi"
import { s3, s3ConnectionSettings } from "@ardine/infra/test-support/s3"
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Child,
  JOB_WAITS_FOR_SERVICE,
  logged,
  MODEL_WORKER_STARTED,
  startWorker,
  TcpProxy,
  waitFor,
} from "./support.js"

const CEPH = { host: "127.0.0.1", port: Number(process.env.FAULTS_S3_PORT ?? 7480) }
const suffix = randomBytes(4).toString("hex")
const buckets = { images: `faults-img-${suffix}`, models: `faults-mdl-${suffix}` }

const direct = new S3Client({
  endpoint: `http://${CEPH.host}:${CEPH.port}`,
  region: s3.region,
  forcePathStyle: s3.forcePathStyle !== "false",
  credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey },
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
})

const keysIn = async (bucket: string): Promise<Array<string>> => {
  const listed = await direct.send(new ListObjectsV2Command({ Bucket: bucket }))
  return (listed.Contents ?? []).map((o) => o.Key ?? "").sort()
}

let proxy: TcpProxy
let api: TestApi
let s3Env: Record<string, string>
const children: Array<Child> = []

beforeAll(async () => {
  for (const bucket of Object.values(buckets)) await direct.send(new CreateBucketCommand({ Bucket: bucket }))
  proxy = await TcpProxy.start(CEPH)
  s3Env = {
    ...s3ConnectionSettings,
    S3_ENDPOINT: proxy.url,
    S3_CHECKSUM: "when_required",
    S3_BUCKET_IMAGES: buckets.images,
    S3_BUCKET_MODELS: buckets.models,
    S3_MAX_ATTEMPTS: "2",
    S3_REQUEST_TIMEOUT_MS: "3000",
  }
  api = await startTestApi(s3Env)
}, 60_000)

afterAll(async () => {
  for (const child of children) {
    child.signal("SIGCONT")
    await child.kill()
  }
  await api?.close()
  await proxy?.down()
  for (const bucket of Object.values(buckets)) {
    for (const key of await keysIn(bucket).catch(() => [])) {
      await direct.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))
    }
    await direct.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined)
  }
  direct.destroy()
})

describe("fault: S3 storage unreachable", () => {
  it("refuses uploads with a clean 503, writes no dish row and no object, and recovers by itself", async () => {
    const { client, restaurant } = await ownerWithMenu(api)
    const dishesBefore = await count(api, "dishes", "restaurant_id = $1", [restaurant.id])
    const photo = await dishPhoto("#1f618d")
    await proxy.down()
    try {
      const started = Date.now()
      const reply = await client.upload(`/api/restaurants/${restaurant.id}/dishes`, [
        { name: "dish.jpg", type: "image/jpeg", bytes: photo },
      ])
      console.info(
        `[faults/storage] upload with storage cut: ${reply.status} ${reply.text} in ${Date.now() - started} ms`,
      )
      expect(reply.status, reply.text).toBe(503)
      expect(reply.body._tag).toBe("ServiceUnavailable")
      expect(Date.now() - started).toBeLessThan(15_000)
      expect(await count(api, "dishes", "restaurant_id = $1", [restaurant.id])).toBe(dishesBefore)
      expect(await keysIn(buckets.images)).toEqual([])
      expect(await keysIn(buckets.models)).toEqual([])
    } finally {
      await proxy.up()
    }
    const again = await client.upload(`/api/restaurants/${restaurant.id}/dishes`, [
      { name: "dish.jpg", type: "image/jpeg", bytes: photo },
    ])
    expect(again.status, again.text).toBe(201)
    // The photo and its sized copies, nothing else.
    const images = await keysIn(buckets.images)
    expect(images.filter((k) => k.endsWith(".jpg"))).toHaveLength(1)
    expect(images.filter((k) => !k.endsWith(".jpg")).every((k) => k.endsWith("w.webp"))).toBe(true)
  }, 60_000)

  it("a model job that meets unreachable storage waits for it and ends ready once storage is back", async () => {
    const { client, restaurant } = await ownerWithMenu(api)
    const worker = startWorker({
      ...s3Env,
      DATABASE_URL: api.settings.DATABASE_URL ?? "",
      REDIS_KEY_PREFIX: api.settings.REDIS_KEY_PREFIX ?? "",
      CLAMAV_PORT: api.settings.CLAMAV_PORT ?? "3399",
    })
    children.push(worker)
    await logged(worker, MODEL_WORKER_STARTED)
    // Freeze the worker, queue a job, cut storage, thaw: the job's first storage call meets the cut.
    worker.signal("SIGSTOP")
    let dishId: string
    try {
      const uploaded = await client.upload(`/api/restaurants/${restaurant.id}/dishes`, [
        { name: "dish.jpg", type: "image/jpeg", bytes: await dishPhoto("#b9770e") },
      ])
      expect(uploaded.status, uploaded.text).toBe(201)
      dishId = uploaded.body.id
      await proxy.down()
    } finally {
      worker.signal("SIGCONT")
    }
    try {
      await logged(worker, JOB_WAITS_FOR_SERVICE, 30_000)
      expect((await client.get(`/api/restaurants/${restaurant.id}/dishes/${dishId}`)).body.modelStatus).not.toBe(
        "ready",
      )
    } finally {
      await proxy.up()
    }
    const dish = await waitFor(
      "the dish to be ready",
      async () => (await client.get(`/api/restaurants/${restaurant.id}/dishes/${dishId}`)).body,
      (d) => d.modelStatus === "ready" || d.modelStatus === "failed",
      30_000,
      200,
    )
    expect(dish.modelStatus, dish.failureReason ?? "").toBe("ready")
    const models = (await keysIn(buckets.models)).filter((k) => k.includes(dishId))
    expect(models.filter((k) => k.endsWith(".glb"))).toHaveLength(1)
    // The GLB, its poster and its USDZ.
    expect(models).toHaveLength(3)
    worker.signal("SIGTERM")
    expect((await worker.exit).code).toBe(0)
  }, 90_000)
})
