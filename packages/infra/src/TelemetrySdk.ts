import { NodeSdk } from "@effect/opentelemetry"
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http"
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http"
import { PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics"
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Redacted } from "effect"
import type { TelemetryOptions, TelemetrySettings } from "./Telemetry.js"

// Its own module, imported by TelemetryLive only when an endpoint is set, so a process without telemetry
// never loads the OpenTelemetry SDK (the server build puts this module in a chunk of its own).

/** The OpenTelemetry SDK on OTLP/HTTP exporters, for settings that have an endpoint. */
export const sdkLayer = (settings: TelemetrySettings, endpoint: string, options: TelemetryOptions) =>
  NodeSdk.layer(() => {
    const headers = { ...Redacted.value(settings.headers) }
    return {
      resource: { serviceName: settings.serviceName },
      spanProcessor: new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces`, headers })),
      metricReader: new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${endpoint}/v1/metrics`, headers }),
        exportIntervalMillis: settings.metricExportIntervalMs,
        exportTimeoutMillis: Math.min(30_000, settings.metricExportIntervalMs),
      }),
      // On shutdown, pending spans and a last metric collection are flushed for at most this long.
      shutdownTimeout: options.shutdownTimeout ?? "5 seconds",
    }
  })
