import {
  Config,
  type ConfigError,
  type Duration,
  Effect,
  Layer,
  Metric,
  MetricBoundaries,
  Option,
  Redacted,
} from "effect"

/**
 * OpenTelemetry for a server process: traces (every Effect span: HTTP requests, SQL statements, and the
 * services' own `withSpan`s) and metrics (every Effect `Metric`) exported over OTLP/HTTP (JSON) to
 * OTEL_EXPORTER_OTLP_ENDPOINT, the collector's base URL (`/v1/traces` and `/v1/metrics` are appended, as
 * the OpenTelemetry spec says for that variable). Unset or empty: nothing is set up, nothing is exported,
 * nothing fails. Vendors (Azure Monitor, AWS X-Ray, Google Cloud Trace, Jaeger) are a collector
 * concern: see docker/otel-collector-config.yaml.
 */
export interface TelemetrySettings {
  /** OTEL_EXPORTER_OTLP_ENDPOINT, without a trailing slash; None switches telemetry off. */
  readonly endpoint: Option.Option<string>
  /** OTEL_SERVICE_NAME (default: the process's own, e.g. "ardine-api"). */
  readonly serviceName: string
  /** OTEL_EXPORTER_OTLP_HEADERS: `key=value,key2=value2` sent with every export (API keys of hosted backends). */
  readonly headers: Redacted.Redacted<Readonly<Record<string, string>>>
  /** OTEL_METRIC_EXPORT_INTERVAL (60000): milliseconds between metric exports. */
  readonly metricExportIntervalMs: number
  /** OTEL_SDK_DISABLED=true switches telemetry off even with an endpoint (standard OpenTelemetry switch). */
  readonly disabled: boolean
}

const parseHeaders = (raw: string): Readonly<Record<string, string>> => {
  const headers: Record<string, string> = {}
  for (const pair of raw.split(",")) {
    const at = pair.indexOf("=")
    if (at <= 0) continue
    const name = decodeURIComponent(pair.slice(0, at).trim())
    const value = decodeURIComponent(pair.slice(at + 1).trim())
    if (name !== "") headers[name] = value
  }
  return headers
}

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}

/** The settings above, read through Effect Config (so tests and other providers can supply them). */
export const telemetryConfig = (defaultServiceName: string): Config.Config<TelemetrySettings> =>
  Config.all({
    endpoint: Config.option(Config.string("OTEL_EXPORTER_OTLP_ENDPOINT")).pipe(
      Config.map(Option.map((s) => s.trim().replace(/\/+$/, ""))),
      Config.map(Option.filter((s) => s !== "")),
      Config.validate({
        message: "OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL such as http://otel-collector:4318",
        validation: (endpoint) => Option.match(endpoint, { onNone: () => true, onSome: isHttpUrl }),
      }),
    ),
    serviceName: Config.string("OTEL_SERVICE_NAME").pipe(
      Config.map((s) => s.trim()),
      Config.withDefault(defaultServiceName),
      Config.map((s) => (s === "" ? defaultServiceName : s)),
    ),
    headers: Config.redacted("OTEL_EXPORTER_OTLP_HEADERS").pipe(
      Config.withDefault(Redacted.make("")),
      Config.map((raw) => Redacted.make(parseHeaders(Redacted.value(raw)))),
    ),
    metricExportIntervalMs: Config.integer("OTEL_METRIC_EXPORT_INTERVAL").pipe(
      Config.withDefault(60_000),
      Config.validate({
        message: "OTEL_METRIC_EXPORT_INTERVAL must be at least 100 (milliseconds)",
        validation: (n) => n >= 100,
      }),
    ),
    disabled: Config.boolean("OTEL_SDK_DISABLED").pipe(Config.withDefault(false)),
  })

export interface TelemetryOptions {
  /** How long closing the layer may spend flushing spans and metrics (default 5 seconds). */
  readonly shutdownTimeout?: Duration.DurationInput
}

/**
 * Tracing and metrics for one process. Provide it outermost-but-one (inside logging), so every span the
 * program opens goes through it: `Layer.launch(App.pipe(Layer.provide(TelemetryLive("ardine-api"))))`.
 * Its finalizer flushes what is buffered, so a process that exits through its scope loses nothing.
 */
export const TelemetryLive = (
  defaultServiceName: string,
  options: TelemetryOptions = {},
): Layer.Layer<never, ConfigError.ConfigError> =>
  Layer.unwrapEffect(
    Effect.gen(function* () {
      const settings = yield* telemetryConfig(defaultServiceName)
      if (settings.disabled || Option.isNone(settings.endpoint)) {
        yield* Effect.logDebug("telemetry off (no OTEL_EXPORTER_OTLP_ENDPOINT)")
        return Layer.empty
      }
      const endpoint = settings.endpoint.value
      yield* Effect.logInfo("telemetry on").pipe(
        Effect.annotateLogs({ endpoint, serviceName: settings.serviceName, protocol: "http/json" }),
      )
      // The SDK and its exporters (several MiB of memory) are imported only when telemetry is on.
      const { sdkLayer } = yield* Effect.promise(() => import("./TelemetrySdk.js"))
      return Layer.provide(Layer.empty, sdkLayer(settings, endpoint, options))
    }),
  )

/**
 * Metric instruments with one name each across processes, so dashboards do not depend on which process
 * recorded them. They are plain Effect metrics: recorded with or without telemetry, exported when it is on.
 */
export const AppMetrics = {
  /** HTTP request latency in seconds; tag with `http.request.method`, `http.route`, `http.response.status_code`. */
  httpRequestDuration: Metric.histogram(
    "http.server.request.duration",
    MetricBoundaries.fromIterable([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
    "Duration of HTTP server requests, in seconds",
  ),
  /** Model-generation jobs finished successfully. */
  jobsProcessed: Metric.counter("ardine.jobs.processed", {
    description: "Model-generation jobs completed",
    incremental: true,
  }),
  /** Model-generation job attempts that failed; tag `final` true on the last attempt. */
  jobsFailed: Metric.counter("ardine.jobs.failed", {
    description: "Model-generation job attempts that failed",
    incremental: true,
  }),
  /** Wall time of one job attempt, in seconds. */
  jobDuration: Metric.histogram(
    "ardine.job.duration",
    MetricBoundaries.fromIterable([0.5, 1, 2, 5, 10, 20, 30, 60, 120]),
    "Duration of one model-generation attempt, in seconds",
  ),
  /** Malware scan outcomes; tag `verdict` (clean, infected, error) with `Metric.tagged(metric, "verdict", v)`. */
  scanVerdicts: Metric.counter("ardine.scan.verdicts", {
    description: "Malware scan outcomes",
    incremental: true,
  }),
  /** Jobs waiting in the model-generation queue (sampled). */
  queueDepth: Metric.gauge("ardine.queue.depth", { description: "Model-generation jobs waiting" }),
} as const
