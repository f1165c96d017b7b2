import {
  DatabaseConfig,
  databaseSettingsConfig,
  millis,
  noPlaceholderSecretsOverHttps,
  positiveInt,
  RedisConfig,
  redisSettingsConfig,
} from "@ardine/infra"
import { Config, Context, Effect, Layer, Option } from "effect"

const testPausePoints = ["generating", "upload"] as const
export type TestPausePoint = (typeof testPausePoints)[number]

/** What only the worker reads; each is one env var (defaults in parentheses in the comments). */
export const workerSettingsConfig = Config.all({
  /** WORKER_CONCURRENCY (2): jobs processed at once by this process. */
  concurrency: positiveInt("WORKER_CONCURRENCY", 2),
  /** WORKER_JOBS_PER_MINUTE (10): BullMQ limiter, global for the queue across all workers. */
  jobsPerMinute: positiveInt("WORKER_JOBS_PER_MINUTE", 10),
  /** WORKER_SHUTDOWN_TIMEOUT_MS (20000): how long SIGTERM waits for active jobs before handing them back. */
  shutdownTimeout: millis("WORKER_SHUTDOWN_TIMEOUT_MS", 20_000),
  /** WORKER_JOB_TIMEOUT_MS (120000): one attempt taking longer fails (and is retried). */
  jobTimeout: millis("WORKER_JOB_TIMEOUT_MS", 120_000),
  /**
   * WORKER_OUTAGE_RETRY_MAX_MS (60000): while a service a job needs is down, the job is tried again after 1 s,
   * 2 s, 4 s ... up to this long between tries, without spending one of its attempts.
   */
  outageRetryMax: millis("WORKER_OUTAGE_RETRY_MAX_MS", 60_000),
  /** WORKER_OUTAGE_MAX_WAIT_MS (86400000, a day): a job waiting on outages longer than this fails its dish. */
  outageMaxWait: millis("WORKER_OUTAGE_MAX_WAIT_MS", 86_400_000),
  /** WORKER_LOCK_DURATION_MS (30000): a killed worker's job is taken over after about this long. */
  lockDuration: millis("WORKER_LOCK_DURATION_MS", 30_000),
  /** WORKER_STALLED_INTERVAL_MS (30000): how often BullMQ looks for jobs whose worker died. */
  stalledInterval: millis("WORKER_STALLED_INTERVAL_MS", 30_000),
  /** WORKER_HEALTH_PORT (4001; 0 picks a free port) and WORKER_HEALTH_HOST (0.0.0.0). */
  healthPort: Config.integer("WORKER_HEALTH_PORT").pipe(
    Config.withDefault(4001),
    Config.validate({ message: "WORKER_HEALTH_PORT must be 0..65535", validation: (n) => n >= 0 && n <= 65_535 }),
  ),
  healthHost: Config.string("WORKER_HEALTH_HOST").pipe(Config.withDefault("0.0.0.0")),
  /** RECONCILE_INTERVAL_MS (60000): how often dishes waiting without a live job are looked for. */
  reconcileInterval: millis("RECONCILE_INTERVAL_MS", 60_000),
  /** RECONCILE_STALE_AFTER_MS (60000): a pending/generating dish untouched this long is checked. */
  reconcileStaleAfter: millis("RECONCILE_STALE_AFTER_MS", 60_000),
  /**
   * TEST ONLY. WORKER_TEST_PAUSE_AFTER makes a job sleep WORKER_TEST_PAUSE_MS (30000) at one point, so tests
   * can kill the process at exactly that point: `generating` right after the dish is marked generating
   * (before anything is built), `upload` right after its model is uploaded and before the database says
   * ready. Unset in every deployment.
   */
  testPauseAfter: Config.option(Config.literal(...testPausePoints)("WORKER_TEST_PAUSE_AFTER")),
  testPauseMs: millis("WORKER_TEST_PAUSE_MS", 30_000),
})
export type WorkerSettings = Config.Config.Success<typeof workerSettingsConfig>

export class WorkerConfig extends Context.Tag("@ardine/worker/WorkerConfig")<WorkerConfig, WorkerSettings>() {}
export const WorkerConfigLive = Layer.effect(WorkerConfig, workerSettingsConfig)

/** True when the test-only pause at `point` is switched on. */
export const pausesAfter = (settings: WorkerSettings, point: TestPausePoint) =>
  Option.contains(settings.testPauseAfter, point)

/**
 * The shared settings the worker reads: the database and Redis parts, nothing of the API's HTTP or
 * session settings. S3_SECRET_KEY is checked here too, since the worker stores models.
 */
export const workerAppSettingsConfig = Config.zipWith(
  Config.all([databaseSettingsConfig, redisSettingsConfig]),
  noPlaceholderSecretsOverHttps(["DATABASE_URL", "REDIS_URL", "S3_SECRET_KEY"]),
  ([database, redis]) => ({ database, redis }),
)

export const WorkerAppConfigLive = Layer.effectContext(
  Effect.map(workerAppSettingsConfig, ({ database, redis }) =>
    Context.make(DatabaseConfig, database).pipe(Context.add(RedisConfig, redis)),
  ),
)
