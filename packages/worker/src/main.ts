// The model worker: npx tsx packages/worker/src/main.ts (env: see config.ts and .env.example).
import { ClamavRequired, MalwareScannerConfig, runMain, storageUrlConfig } from "@ardine/infra"
import { Layer } from "effect"
import { workerAppSettingsConfig, workerSettingsConfig } from "./config.js"
import { makeWorkerLive } from "./services.js"

runMain(
  "ardine-worker",
  [workerAppSettingsConfig, workerSettingsConfig, MalwareScannerConfig, ClamavRequired, storageUrlConfig],
  Layer.launch(makeWorkerLive()),
)
