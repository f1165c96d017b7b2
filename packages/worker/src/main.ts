// The model worker: npx tsx packages/worker/src/main.ts (env: see config.ts and .env.example).
import {
  ClamavRequired,
  MalwareScannerConfig,
  runMain,
  storageUrlConfig,
  TelemetryLive,
  telemetryConfig,
} from "@ardine/infra"
import { Effect, Layer } from "effect"
import { workerAppSettingsConfig, workerSettingsConfig } from "./config.js"
import { makeWorkerLive } from "./services.js"

runMain(
  "ardine-worker",
  [
    workerAppSettingsConfig,
    workerSettingsConfig,
    MalwareScannerConfig,
    ClamavRequired,
    storageUrlConfig,
    telemetryConfig("ardine-worker"),
  ],
  // Jobs continue the trace the API started (its traceparent rides in the payload).
  Layer.launch(makeWorkerLive()).pipe(Effect.provide(TelemetryLive("ardine-worker"))),
)
