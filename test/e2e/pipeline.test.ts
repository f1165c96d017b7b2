// One dish photo, end to end across two processes: uploaded through the real API, built by the real
// worker (a child process, as deployed), served as a GLB that passes the Khronos validator, and seen
// by an OTLP receiver as ONE trace with spans from both services.
import { type ChildProcess, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { ownerWithMenu } from "@ardine/api/test-support/fixtures"
import { dishPhoto } from "@ardine/api/test-support/images"
import { startTestApi, type TestApi } from "@ardine/api/test-support/testApi"
import { readUsdz } from "@ardine/worker/test-support/usdzReader"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { validateGlb } from "../../packages/worker/src/builder/index.js"

interface OtlpSpan {
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId?: string
  readonly name: string
  readonly attributes: ReadonlyArray<{ readonly key: string; readonly value: { readonly stringValue?: string } }>
}
interface ExportedSpan extends OtlpSpan {
  readonly service: string
}
interface OtlpTraces {
  readonly resourceSpans: ReadonlyArray<{
    readonly resource: {
      readonly attributes: ReadonlyArray<{ readonly key: string; readonly value: { readonly stringValue?: string } }>
    }
    readonly scopeSpans: ReadonlyArray<{ readonly spans: ReadonlyArray<OtlpSpan> }>
  }>
}

const root = fileURLToPath(new URL("../..", import.meta.url))
const spans: Array<ExportedSpan> = []
const metrics: Array<{ readonly service: string; readonly name: string }> = []
interface OtlpMetrics {
  readonly resourceMetrics: ReadonlyArray<{
    readonly resource: {
      readonly attributes: ReadonlyArray<{ readonly key: string; readonly value: { readonly stringValue?: string } }>
    }
    readonly scopeMetrics: ReadonlyArray<{ readonly metrics: ReadonlyArray<{ readonly name: string }> }>
  }>
}
let receiver: Server
let endpoint: string
let api: TestApi
let worker: ChildProcess

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      if (request.url === "/v1/metrics") {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpMetrics
        for (const resource of body.resourceMetrics) {
          const service = resource.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue ?? ""
          for (const scope of resource.scopeMetrics)
            for (const m of scope.metrics) metrics.push({ service, name: m.name })
        }
      }
      if (request.url === "/v1/traces") {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpTraces
        for (const resource of body.resourceSpans) {
          const service = resource.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue ?? ""
          for (const scope of resource.scopeSpans) for (const span of scope.spans) spans.push({ ...span, service })
        }
      }
      response.writeHead(200, { "content-type": "application/json" })
      response.end("{}")
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`

  const shared = {
    STORAGE_DIR: join(tmpdir(), `ardine-pipeline-${randomBytes(5).toString("hex")}`),
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  }
  api = await startTestApi(shared)
  worker = spawn(process.execPath, ["--import", "tsx", "packages/worker/src/main.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      ...shared,
      DATABASE_URL: api.settings.DATABASE_URL ?? "",
      REDIS_KEY_PREFIX: api.settings.REDIS_KEY_PREFIX ?? "",
      CLAMAV_PORT: api.settings.CLAMAV_PORT ?? "3399",
      WORKER_HEALTH_PORT: "0",
      LOG_LEVEL: "WARN",
    },
    stdio: ["ignore", "ignore", "inherit"],
  })
}, 60_000)

afterAll(async () => {
  if (worker.exitCode === null) {
    worker.kill("SIGKILL")
    await new Promise((resolve) => worker.once("exit", resolve))
  }
  await api.close()
  receiver.closeAllConnections()
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
})

describe("a dish photo, from upload to a model on the table", () => {
  it("becomes ready with a model URL serving a valid GLB, in one trace across the API and the worker", async () => {
    const { client, restaurant } = await ownerWithMenu(api)
    const uploaded = await client.upload(`/api/restaurants/${restaurant.id}/dishes`, [
      { name: "dish.jpg", type: "image/jpeg", bytes: await dishPhoto("#d35400") },
    ])
    expect(uploaded.status, uploaded.text).toBe(201)
    const dishId: string = uploaded.body.id

    let dish = uploaded.body
    const deadline = Date.now() + 45_000
    while (dish.modelStatus !== "ready" && dish.modelStatus !== "failed" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      dish = (await client.get(`/api/restaurants/${restaurant.id}/dishes/${dishId}`)).body
    }
    expect(dish.modelStatus, dish.failureReason ?? "").toBe("ready")
    expect(dish.modelProgress).toBe(100)

    const model = await fetch(`${api.baseUrl}${dish.modelUrl}`)
    expect(model.status).toBe(200)
    expect(model.headers.get("content-type")).toBe("model/gltf-binary")
    const report = await validateGlb(new Uint8Array(await model.arrayBuffer()))
    expect(report.numErrors).toBe(0)
    expect(report.triangles).toBeGreaterThan(100)

    // Its USDZ, as an independent reader (three.js's) sees it: the same mesh as the GLB, textured.
    const usdzReply = await fetch(`${api.baseUrl}${dish.usdzUrl}`)
    expect(usdzReply.status).toBe(200)
    expect(usdzReply.headers.get("content-type")).toBe("model/vnd.usdz+zip")
    const usdz = await readUsdz(new Uint8Array(await usdzReply.arrayBuffer()))
    expect(usdz.points).toBe(report.vertices)
    expect(usdz.meshes.reduce((n, m) => n + m.triangles, 0)).toBe(report.triangles)
    expect(usdz.meshes.some((m) => m.texture !== null)).toBe(true)

    // Both processes flush their spans when they stop.
    worker.kill("SIGTERM")
    const exit = await new Promise<number | null>((resolve) => worker.once("exit", resolve))
    expect(exit).toBe(0)
    await api.close()

    const upload = spans.find((s) => s.name === "DishIntake.upload" && s.service === "ardine-api")
    expect(upload, `spans seen: ${[...new Set(spans.map((s) => `${s.service}:${s.name}`))].join(", ")}`).toBeDefined()
    const trace = spans.filter((s) => s.traceId === upload?.traceId)
    const services = new Set(trace.map((s) => s.service))
    expect(services).toEqual(new Set(["ardine-api", "ardine-worker"]))
    const names = new Set(trace.map((s) => s.name))
    for (const name of [
      "DishIntake.upload",
      "MalwareScanner.scan",
      "BlobStorage.upload",
      "ModelQueue.enqueue",
      "worker.job",
    ]) {
      expect(names, name).toContain(name)
    }
    const job = trace.find((s) => s.name === "worker.job")
    expect(job?.attributes.find((a) => a.key === "dishId")?.value.stringValue).toBe(dishId)

    // Metrics are flushed on shutdown too: request latency, scan verdicts, jobs and their duration.
    const seen = new Set(metrics.map((m) => `${m.service}:${m.name}`))
    for (const expected of [
      "ardine-api:http.server.request.duration",
      "ardine-api:ardine.scan.verdicts",
      "ardine-worker:ardine.scan.verdicts",
      "ardine-worker:ardine.jobs.processed",
      "ardine-worker:ardine.job.duration",
      "ardine-worker:ardine.queue.depth",
    ]) {
      expect(seen, expected).toContain(expected)
    }
  }, 90_000)
})
