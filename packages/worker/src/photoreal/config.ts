import { millis, positiveInt } from "@ardine/infra"
import { Config, Context, Layer, Option, Redacted } from "effect"

/**
 * The photoreal path's settings, each one env var (defaults in parentheses). With MODEL_PROVIDER unset every
 * dish gets the built model, as before, and nothing here is used.
 */
export const photorealSettingsConfig = Config.all({
  /** MODEL_PROVIDER (unset): `meshy` turns the photoreal path on. */
  provider: Config.option(Config.literal("meshy")("MODEL_PROVIDER")),
  /** MESHY_API_KEY: required when MODEL_PROVIDER=meshy. */
  meshyApiKey: Config.redacted("MESHY_API_KEY").pipe(Config.withDefault(Redacted.make(""))),
  /** MESHY_BASE_URL (https://api.meshy.ai). */
  meshyBaseUrl: Config.string("MESHY_BASE_URL").pipe(Config.withDefault("https://api.meshy.ai")),
  /** PHOTOREAL_POLL_INTERVAL_MS (5000): how often a running remote task is asked for its progress. */
  pollInterval: millis("PHOTOREAL_POLL_INTERVAL_MS", 5_000),
  /** PHOTOREAL_RETRY_BASE_MS (2000): first pause before a rate-limited or failed provider call is tried again. */
  retryBase: millis("PHOTOREAL_RETRY_BASE_MS", 2_000),
  /** PHOTOREAL_TASK_TIMEOUT_MS (600000): a remote task still running after this falls back to the builder. */
  taskTimeout: millis("PHOTOREAL_TASK_TIMEOUT_MS", 600_000),
  /** PHOTOREAL_MAX_DOWNLOAD_BYTES (52428800): a result file past this is refused while it downloads. */
  maxDownloadBytes: positiveInt("PHOTOREAL_MAX_DOWNLOAD_BYTES", 50 * 1024 * 1024),
  /** PHOTOREAL_MONTHLY_CAP (50): remote tasks a restaurant may start per calendar month (UTC). */
  monthlyCap: positiveInt("PHOTOREAL_MONTHLY_CAP", 50),
  /** PHOTOREAL_CONCURRENCY (20): photoreal jobs one worker follows at once, beside WORKER_CONCURRENCY. */
  concurrency: positiveInt("PHOTOREAL_CONCURRENCY", 20),
}).pipe(
  Config.validate({
    message: "MODEL_PROVIDER=meshy needs MESHY_API_KEY",
    validation: (s) => Option.isNone(s.provider) || Redacted.value(s.meshyApiKey).length > 0,
  }),
)
export type PhotorealSettings = Config.Config.Success<typeof photorealSettingsConfig>

export class PhotorealConfig extends Context.Tag("@ardine/worker/PhotorealConfig")<
  PhotorealConfig,
  PhotorealSettings
>() {}
export const PhotorealConfigLive = Layer.effect(PhotorealConfig, photorealSettingsConfig)
