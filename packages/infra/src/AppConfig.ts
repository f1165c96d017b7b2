import { isIP } from "node:net"
import { Config, ConfigError, Context, Effect, Either, Layer, Option, Redacted } from "effect"
import { positiveInt } from "./configValues.js"

/** Where the database is: every process that stores or reads dishes (API, worker, migrate). */
export interface DatabaseSettings {
  readonly databaseUrl: Redacted.Redacted
  readonly databaseMaxConnections: number
}

/** Where Redis is: the queue, live events and rate limits. */
export interface RedisSettings {
  readonly redisUrl: Redacted.Redacted
  /** Prefix for every Redis key this deployment writes, so several deployments (or test runs) can share one Redis. */
  readonly redisKeyPrefix: string
}

/** What only the HTTP API reads: sessions, origins, proxies, request limits. */
export interface HttpSettings {
  readonly sessionSecret: Redacted.Redacted
  readonly sessionTtlHours: number
  /** Origins allowed to make cookie-authenticated writes; the first is the app's own. */
  readonly appOrigins: ReadonlyArray<string>
  readonly cookieSecure: boolean
  readonly trustProxy: boolean
  /** With trustProxy: the proxies (CIDRs) whose X-Forwarded-For entries are believed. */
  readonly trustedProxies: ReadonlyArray<string>
  readonly maxJsonBodyBytes: number
  readonly rateLimits: {
    readonly apiPerMinute: number
    readonly authPerMinute: number
    readonly publicPerMinute: number
    /** Dish photo uploads per owner per hour: each one costs an AI call. */
    readonly uploadsPerHour: number
  }
}

/** The API's settings: all three parts; each comes from one env var named in .env.example. */
export interface AppSettings extends DatabaseSettings, RedisSettings, HttpSettings {}

// Where proxies in front of the API live in practice (loopback, private and link-local networks), so that
// TRUST_PROXY=true alone behaves as before behind nginx or an ingress.
const privateNetworks = [
  "127.0.0.0/8",
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "169.254.0.0/16",
  "::1/128",
  "fc00::/7",
  "fe80::/10",
]

const isCidr = (text: string) => {
  const [address = "", bits, ...rest] = text.split("/")
  const version = isIP(address)
  const max = version === 4 ? 32 : 128
  return version !== 0 && rest.length === 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && +bits <= max))
}

/** Secrets .env.example ships as `change-me…` placeholders (DATABASE_URL and REDIS_URL carry the stores' passwords). */
export type PlaceholderSecret = "SESSION_SECRET" | "DATABASE_URL" | "REDIS_URL" | "S3_SECRET_KEY"
const isPlaceholder = (value: string) => value.includes("change-me")

/**
 * A deployment served over https is a real one: .env.example copied as-is must not start it. (Plain http
 * origins are local runs, where the placeholders are harmless and `npm start` works with the file as it is.)
 * Each process checks the secrets it reads; APP_ORIGIN only tells whether this is a real deployment.
 */
export const noPlaceholderSecretsOverHttps = (
  placeholderChecked: ReadonlyArray<PlaceholderSecret>,
): Config.Config<void> =>
  Config.all({
    origins: Config.array(Config.string(), "APP_ORIGIN").pipe(Config.withDefault<ReadonlyArray<string>>([])),
    secrets: Config.all(placeholderChecked.map((name) => Config.string(name).pipe(Config.option))),
  }).pipe(
    Config.mapOrFail(({ origins, secrets }) => {
      const placeholders = placeholderChecked.filter((_, i) =>
        Option.exists(secrets[i] ?? Option.none(), isPlaceholder),
      )
      return origins.some((origin) => origin.trim().startsWith("https:")) && placeholders.length > 0
        ? Either.left(
            ConfigError.InvalidData(
              [],
              `${placeholders.join(", ")} still ${placeholders.length === 1 ? "contains" : "contain"} .env.example's change-me placeholder while APP_ORIGIN is https: set real secrets`,
            ),
          )
        : Either.right(undefined)
    }),
  )

export const databaseSettingsConfig: Config.Config<DatabaseSettings> = Config.all({
  databaseUrl: Config.redacted("DATABASE_URL").pipe(Config.withDescription("PostgreSQL connection URL")),
  databaseMaxConnections: positiveInt("DATABASE_MAX_CONNECTIONS", 10),
})

export const redisSettingsConfig: Config.Config<RedisSettings> = Config.all({
  redisUrl: Config.redacted("REDIS_URL").pipe(Config.withDefault(Redacted.make("redis://127.0.0.1:6379"))),
  redisKeyPrefix: Config.string("REDIS_KEY_PREFIX").pipe(Config.withDefault("ardine:")),
})

export const httpSettingsConfig: Config.Config<HttpSettings> = Config.all({
  sessionSecret: Config.redacted("SESSION_SECRET").pipe(
    Config.withDescription("at least 32 random characters; keys the session token hashes"),
    Config.validate({
      message: "SESSION_SECRET must be at least 32 characters",
      validation: (s) => Redacted.value(s).length >= 32,
    }),
  ),
  sessionTtlHours: positiveInt("SESSION_TTL_HOURS", 24 * 7),
  appOrigins: Config.array(Config.string(), "APP_ORIGIN").pipe(Config.withDefault(["http://localhost:4000"])),
  cookieSecure: Config.boolean("COOKIE_SECURE").pipe(Config.option),
  trustProxy: Config.boolean("TRUST_PROXY").pipe(Config.withDefault(false)),
  trustedProxies: Config.array(Config.string(), "TRUSTED_PROXIES").pipe(
    Config.map((list) => list.map((entry) => entry.trim()).filter((entry) => entry.length > 0)),
    Config.withDefault(privateNetworks),
    Config.validate({
      message: "TRUSTED_PROXIES must be IP addresses or CIDRs, comma-separated",
      validation: (list) => list.every(isCidr),
    }),
  ),
  maxJsonBodyBytes: positiveInt("MAX_JSON_BODY_BYTES", 64 * 1024),
  rateLimits: Config.all({
    apiPerMinute: positiveInt("RATE_LIMIT_API_PER_MINUTE", 600),
    authPerMinute: positiveInt("RATE_LIMIT_AUTH_PER_MINUTE", 10),
    publicPerMinute: positiveInt("RATE_LIMIT_PUBLIC_PER_MINUTE", 6000),
    uploadsPerHour: positiveInt("RATE_LIMIT_UPLOADS_PER_HOUR", 60),
  }),
}).pipe(
  // Secure cookies unless told otherwise or the app itself is served over plain http (local mode).
  Config.map(({ cookieSecure, ...rest }) => ({
    ...rest,
    cookieSecure:
      cookieSecure._tag === "Some" ? cookieSecure.value : rest.appOrigins[0]?.startsWith("https:") !== false,
  })),
)

/** The API's settings: every part, and none of its secrets left at .env.example's placeholder. */
export const appSettingsConfig: Config.Config<AppSettings> = Config.zipWith(
  Config.all([databaseSettingsConfig, redisSettingsConfig, httpSettingsConfig]),
  noPlaceholderSecretsOverHttps(["SESSION_SECRET", "DATABASE_URL", "REDIS_URL", "S3_SECRET_KEY"]),
  ([database, redis, http]): AppSettings => ({ ...database, ...redis, ...http }),
)

/** The database part, for the services that only need that (Db). */
export class DatabaseConfig extends Context.Tag("@ardine/DatabaseConfig")<DatabaseConfig, DatabaseSettings>() {}
export const DatabaseConfigLive = Layer.effect(DatabaseConfig, databaseSettingsConfig)

/** The Redis part, for the services that only need that (Redis, ModelQueue, Events, RateLimiter). */
export class RedisConfig extends Context.Tag("@ardine/RedisConfig")<RedisConfig, RedisSettings>() {}
export const RedisConfigLive = Layer.effect(RedisConfig, redisSettingsConfig)

/** The API's whole configuration; its layer also provides the database and Redis parts it contains. */
export class AppConfig extends Context.Tag("@ardine/AppConfig")<AppConfig, AppSettings>() {}
export const AppConfigLive = Layer.effectContext(
  Effect.map(appSettingsConfig, (settings) =>
    Context.make(AppConfig, settings).pipe(Context.add(DatabaseConfig, settings), Context.add(RedisConfig, settings)),
  ),
)

/** One line per missing or invalid variable, for people reading a crash at start-up. */
const at = (path: ReadonlyArray<string>) => (path.length === 0 ? "" : ` ${path.join("_")}`)

export const describeConfigError = (error: ConfigError.ConfigError): ReadonlyArray<string> =>
  ConfigError.reduceWithContext(error, undefined, {
    andCase: (_, left: ReadonlyArray<string>, right: ReadonlyArray<string>) => [...left, ...right],
    orCase: (_, left: ReadonlyArray<string>, right: ReadonlyArray<string>) => [...left, ...right],
    invalidDataCase: (_, path, message) => [`invalid configuration${at(path)}: ${message}`],
    missingDataCase: (_, path, message) => [`missing required configuration${at(path)}: ${message}`],
    sourceUnavailableCase: (_, path, message) => [`configuration source unavailable${at(path)}: ${message}`],
    unsupportedCase: (_, path, message) => [`unsupported configuration${at(path)}: ${message}`],
  })

/** Fails fast with readable lines instead of an Effect cause dump. */
export const loadOrExplain = <A>(config: Config.Config<A>) =>
  Effect.either(config).pipe(
    Effect.flatMap(
      Either.match({
        onRight: Effect.succeed,
        onLeft: (error) => Effect.fail(describeConfigError(error)),
      }),
    ),
  )
