import {
  type BlobStorage,
  BlobStorageLive,
  BucketSetupLive,
  DbLive,
  EventsLive,
  type MalwareScanner,
  MalwareScannerLive,
  ModelQueueLive,
  ModelStatusRepo,
  RedisLive,
} from "@ardine/infra"
import { type ConfigError, Layer } from "effect"
import { WorkerAppConfigLive, WorkerConfigLive } from "./config.js"
import { ModelConsumerLive } from "./consumer.js"
import { HealthServerLive } from "./health.js"
import { ModelGeneratorLive } from "./photoreal/layers.js"
import { ReconcilerLive } from "./reconciler.js"

/** Layers a test (or another deployment) may swap; everything else is the same as production. */
export interface WorkerLayerOptions {
  readonly storage?: Layer.Layer<BlobStorage, ConfigError.ConfigError>
  readonly scanner?: Layer.Layer<MalwareScanner, ConfigError.ConfigError>
}

/** The same outside world the API composes (config, Postgres with migrations, storage, scanner, Redis, queue). */
export const makeWorkerServices = (options: WorkerLayerOptions = {}) => {
  // Buckets are created at start (idempotent), as the API does, so a fresh store just works.
  const StorageLive = BucketSetupLive.pipe(Layer.provideMerge(options.storage ?? BlobStorageLive))
  return Layer.mergeAll(
    ModelStatusRepo.Default,
    ModelGeneratorLive,
    StorageLive,
    options.scanner ?? MalwareScannerLive,
    ModelQueueLive,
    EventsLive,
  ).pipe(
    Layer.provideMerge(RedisLive),
    Layer.provideMerge(DbLive),
    Layer.provideMerge(WorkerConfigLive),
    Layer.provideMerge(WorkerAppConfigLive),
  )
}

/** The consumer, the reconciler and the health endpoint, on the services above. */
export const makeWorkerLive = (options: WorkerLayerOptions = {}) =>
  Layer.mergeAll(ReconcilerLive, HealthServerLive).pipe(
    Layer.provideMerge(ModelConsumerLive),
    Layer.provideMerge(makeWorkerServices(options)),
  )
