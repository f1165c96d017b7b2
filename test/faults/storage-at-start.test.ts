// Fault: the object store refuses when the API and the worker start (in Kubernetes: MinIO still starting, or the
// app's own MinIO user not yet created by the chart's bucket Job, which `helm install --wait` runs only once the
// release's pods are ready). The processes reach the real S3 server (Ceph RGW) through a TCP proxy this test
// owns, with two fresh bucket names that do not exist yet.
//
// Injected: the proxy refuses every connection while both start, and is brought back afterwards.
// Expected: both start and serve anyway (the API's readiness says storage is down); once the store answers,
// the buckets are created in the background without a restart and readiness says storage is up.
// Rerun: npx vitest run test/faults/storage-at-start.test.ts
import { randomBytes } from "node:crypto"
import { startTestApi, type TestApi } from "@ardine/api/test-support/testApi"
import { rawS3Client, s3, s3ConnectionSettings } from "@ardine/infra/test-support/s3"
import { DeleteBucketCommand, HeadBucketCommand } from "@aws-sdk/client-s3"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Child, logged, MODEL_WORKER_STARTED, startWorker, TcpProxy, waitFor } from "./support.js"

const target = new URL(s3.endpoint)
const suffix = randomBytes(4).toString("hex")
const buckets = { images: `faults-start-img-${suffix}`, models: `faults-start-mdl-${suffix}` }
const direct = rawS3Client()

let proxy: TcpProxy
let api: TestApi | undefined
let worker: Child | undefined

const bucketExists = (bucket: string) =>
  direct.send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    () => false,
  )

const readiness = async () => {
  const reply = await fetch(`${api?.baseUrl}/api/health/ready`)
  return ((await reply.json()) as { checks: Record<string, string> }).checks
}

beforeAll(async () => {
  proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port) })
  await proxy.down()
})

afterAll(async () => {
  await worker?.kill()
  await api?.close()
  await proxy?.down()
  for (const bucket of Object.values(buckets))
    await direct.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined)
  direct.destroy()
})

describe("fault: object store refusing at start-up", () => {
  it("the API and the worker start anyway and create the buckets once the store answers", async () => {
    const s3Env = {
      ...s3ConnectionSettings,
      S3_ENDPOINT: proxy.url,
      S3_CHECKSUM: "when_required",
      S3_BUCKET_IMAGES: buckets.images,
      S3_BUCKET_MODELS: buckets.models,
      S3_MAX_ATTEMPTS: "1",
      S3_REQUEST_TIMEOUT_MS: "2000",
    }
    api = await startTestApi(s3Env)
    expect((await readiness()).storage).toBe("down")
    worker = startWorker({
      ...s3Env,
      DATABASE_URL: api.settings.DATABASE_URL ?? "",
      REDIS_KEY_PREFIX: api.settings.REDIS_KEY_PREFIX ?? "",
      CLAMAV_PORT: api.settings.CLAMAV_PORT ?? "3399",
    })
    await logged(worker, MODEL_WORKER_STARTED)
    expect(await bucketExists(buckets.images)).toBe(false)

    await proxy.up()
    await waitFor(
      "both buckets created",
      async () => (await bucketExists(buckets.images)) && (await bucketExists(buckets.models)),
      (created) => created,
      20_000,
    )
    await waitFor(
      "readiness reports storage up",
      async () => (await readiness()).storage,
      (s) => s === "up",
      5_000,
    )
    expect(worker.exited()).toBe(false)
  }, 60_000)
})
