import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { ConfigProvider, Effect, Layer, Logger, LogLevel, Metric } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AppMetrics, TelemetryLive } from "../../packages/infra/src/Telemetry.js"

// A tiny OTLP/HTTP receiver on loopback: it records what an exporter POSTs (the -http exporters speak JSON).
interface Received {
  readonly path: string
  readonly contentType: string
  readonly body: unknown
}

interface OtlpAttribute {
  readonly key: string
  readonly value: { readonly stringValue?: string; readonly intValue?: string | number; readonly boolValue?: boolean }
}
interface OtlpSpan {
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId?: string
  readonly name: string
  readonly attributes: ReadonlyArray<OtlpAttribute>
  readonly status?: { readonly code?: number }
}
interface OtlpTraces {
  readonly resourceSpans: ReadonlyArray<{
    readonly resource: { readonly attributes: ReadonlyArray<OtlpAttribute> }
    readonly scopeSpans: ReadonlyArray<{ readonly spans: ReadonlyArray<OtlpSpan> }>
  }>
}
interface OtlpMetrics {
  readonly resourceMetrics: ReadonlyArray<{
    readonly scopeMetrics: ReadonlyArray<{ readonly metrics: ReadonlyArray<{ readonly name: string }> }>
  }>
}

let server: Server
let endpoint: string
const received: Array<Received> = []

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8")
      const contentType = req.headers["content-type"] ?? ""
      let body: unknown = text
      if (contentType.includes("json")) body = JSON.parse(text)
      received.push({ path: req.url ?? "", contentType, body })
      res.writeHead(200, { "content-type": "application/json" })
      res.end("{}")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const withConfig = (entries: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(entries))))

// Shaped like one dish upload: a request span, a step inside it, an attribute-carrying child, a counter.
const uploadLike = Effect.gen(function* () {
  yield* Effect.sleep("5 millis").pipe(
    Effect.withSpan("MalwareScanner.scan", { attributes: { "scan.verdict": "clean", "scan.bytes": 1234 } }),
  )
  yield* Effect.sleep("5 millis").pipe(
    Effect.withSpan("BlobStorage.upload", { attributes: { bucket: "dish-images", key: "r1/photo.webp" } }),
  )
  yield* Metric.increment(Metric.tagged(AppMetrics.scanVerdicts, "verdict", "clean"))
  const span = yield* Effect.currentSpan
  return span.traceId
}).pipe(Effect.withSpan("dish.upload", { attributes: { dishId: "dish-123", restaurantId: "rest-9" } }))

const quiet = Logger.minimumLogLevel(LogLevel.Warning)

const run = <A, E>(effect: Effect.Effect<A, E>, config: Record<string, string>) =>
  Effect.runPromise(
    Effect.provide(
      effect,
      TelemetryLive("ardine-test-default", { shutdownTimeout: "1 second" }).pipe(
        Layer.provide(withConfig(config)),
        Layer.provide(quiet),
      ),
    ),
  )

const spansIn = (items: ReadonlyArray<Received>): Array<OtlpSpan> =>
  items
    .filter((r) => r.path === "/v1/traces")
    .flatMap((r) => (r.body as OtlpTraces).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)))

const attr = (attributes: ReadonlyArray<OtlpAttribute>, key: string) => {
  const value = attributes.find((a) => a.key === key)?.value
  return value?.stringValue ?? value?.intValue ?? value?.boolValue
}

describe("Telemetry (OTLP/HTTP)", () => {
  it("exports an Effect program's spans, names, attributes and parentage, and its metrics, to the endpoint", async () => {
    received.length = 0
    const traceId = await run(uploadLike, {
      OTEL_EXPORTER_OTLP_ENDPOINT: `${endpoint}/`,
      OTEL_SERVICE_NAME: "ardine-api",
      OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=secret-123",
    })

    const traces = received.filter((r) => r.path === "/v1/traces")
    expect(traces.length).toBeGreaterThan(0)
    expect(traces[0]?.contentType).toContain("application/json")

    const spans = spansIn(received)
    const root = spans.find((s) => s.name === "dish.upload")
    const scan = spans.find((s) => s.name === "MalwareScanner.scan")
    const upload = spans.find((s) => s.name === "BlobStorage.upload")
    expect(root && scan && upload).toBeTruthy()
    if (!root || !scan || !upload) return
    expect(root.traceId).toBe(traceId)
    expect(new Set([root.traceId, scan.traceId, upload.traceId]).size).toBe(1)
    expect(scan.parentSpanId).toBe(root.spanId)
    expect(upload.parentSpanId).toBe(root.spanId)
    expect(attr(root.attributes, "dishId")).toBe("dish-123")
    expect(attr(root.attributes, "restaurantId")).toBe("rest-9")
    expect(attr(scan.attributes, "scan.verdict")).toBe("clean")
    expect(Number(attr(scan.attributes, "scan.bytes"))).toBe(1234)
    expect(attr(upload.attributes, "bucket")).toBe("dish-images")

    const resource = (traces[0]?.body as OtlpTraces | undefined)?.resourceSpans[0]?.resource.attributes ?? []
    expect(attr(resource, "service.name")).toBe("ardine-api")

    // The final metric collection is flushed when the layer closes.
    const metricNames = received
      .filter((r) => r.path === "/v1/metrics")
      .flatMap((r) =>
        (r.body as OtlpMetrics).resourceMetrics.flatMap((rm) =>
          rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => m.name)),
        ),
      )
    expect(metricNames).toContain("ardine.scan.verdicts")
  })

  it("sends OTEL_EXPORTER_OTLP_HEADERS and uses the process's default service name when none is set", async () => {
    const headersSeen: Array<string | undefined> = []
    const listener = (req: { url?: string; headers: Record<string, string | Array<string> | undefined> }) => {
      if (req.url === "/v1/traces") headersSeen.push(String(req.headers["x-api-key"]))
    }
    server.on("request", listener)
    received.length = 0
    try {
      await run(uploadLike, { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=k%3D1" })
    } finally {
      server.off("request", listener)
    }
    expect(headersSeen).toContain("k=1")
    const traces = received.filter((r) => r.path === "/v1/traces")
    const resource = (traces[0]?.body as OtlpTraces | undefined)?.resourceSpans[0]?.resource.attributes ?? []
    expect(attr(resource, "service.name")).toBe("ardine-test-default")
  })

  it("with no endpoint (unset or empty) exports nothing and fails nothing, even if the process env names one", async () => {
    // The exporters would read OTEL_EXPORTER_OTLP_ENDPOINT from process.env on their own if they were built:
    // point it at the receiver to prove none is.
    const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint
    received.length = 0
    try {
      const a = await run(uploadLike, {})
      const b = await run(uploadLike, { OTEL_EXPORTER_OTLP_ENDPOINT: "  " })
      const c = await run(uploadLike, { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: "true" })
      // Spans still exist inside the program (Effect's own tracer), they just go nowhere.
      for (const traceId of [a, b, c]) expect(traceId).toMatch(/^[0-9a-f]{32}$/)
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(received).toEqual([])
    } finally {
      if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved
    }
  })

  it("refuses an endpoint that is not an http(s) URL with a clear configuration error", async () => {
    const outcome = await Effect.runPromise(
      Effect.either(
        Effect.provide(
          Effect.void,
          TelemetryLive("x").pipe(Layer.provide(withConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "otel:4318" }))),
        ),
      ),
    )
    expect(outcome._tag).toBe("Left")
    expect(String(outcome._tag === "Left" ? outcome.left : "")).toContain(
      "OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL",
    )
  })

  it("a collector that is down does not fail the program", async () => {
    const down = createServer()
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve))
    const port = (down.address() as AddressInfo).port
    await new Promise<void>((resolve) => down.close(() => resolve()))
    const started = Date.now()
    const traceId = await run(uploadLike, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` })
    expect(traceId).toMatch(/^[0-9a-f]{32}$/)
    // Shutdown flushing is bounded (here 1 s; 5 s by default), so a dead collector cannot hold the process open.
    expect(Date.now() - started).toBeLessThan(4_000)
  })
})
