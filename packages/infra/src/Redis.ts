import { Context, Effect, Layer, Redacted, type Scope } from "effect"
import { Redis as IORedis, type RedisOptions } from "ioredis"
import { RedisConfig } from "./AppConfig.js"
import { redisReconnectDelayMs } from "./RetryPolicies.js"

/**
 * What a connection is for, which decides how it behaves while Redis is down. Every role reconnects in the
 * background at the same pace (`redisReconnectDelayMs`); they differ in what a command does meanwhile.
 */
export type RedisRole = "commands" | "subscriber" | "queueProducer" | "queueWorker"

const roleOptions: Record<RedisRole, RedisOptions> = {
  // Rate limits, health, publishing: fail fast instead of queueing, so callers can degrade rather than hang.
  commands: {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    connectTimeout: 2_000,
    lazyConnect: false,
  },
  // Live events: SUBSCRIBE waits for the connection (and ioredis re-subscribes after a reconnect).
  subscriber: { maxRetriesPerRequest: null },
  // Enqueueing: fail fast, so an upload answers 503 rather than hanging.
  queueProducer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000, commandTimeout: 2_000 },
  // BullMQ workers: blocking commands must not time out.
  queueWorker: { maxRetriesPerRequest: null, enableReadyCheck: true },
}

/** The options a role's connection is opened with. */
export const redisOptions = (role: RedisRole): RedisOptions => ({
  ...roleOptions[role],
  retryStrategy: redisReconnectDelayMs,
})

/** A new, unmanaged connection: prefer `openRedis`, which closes it with its scope. */
export const makeRedisConnection = (url: Redacted.Redacted, role: RedisRole): IORedis => {
  const client = new IORedis(Redacted.value(url), redisOptions(role))
  // Errors surface on the commands that hit them; the connection's own error events are expected noise while down.
  client.on("error", () => {})
  return client
}

/**
 * The one way to open a Redis connection: closed with the scope, politely (QUIT, bounded, since a connection
 * that queues commands would wait for a Redis that is down) and then for sure.
 */
export const openRedis = (url: Redacted.Redacted, role: RedisRole): Effect.Effect<IORedis, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => makeRedisConnection(url, role)),
    (client) =>
      Effect.tryPromise(() => client.quit()).pipe(
        Effect.timeout("2 seconds"),
        Effect.ignore,
        Effect.zipRight(Effect.sync(() => client.disconnect())),
      ),
  )

/**
 * One shared ioredis connection for commands (rate limits, health). Commands fail fast while
 * Redis is down instead of queueing, so callers can degrade rather than hang.
 */
export class Redis extends Context.Tag("@ardine/Redis")<Redis, IORedis>() {
  static readonly options: RedisOptions = redisOptions("commands")
}

export const RedisLive = Layer.scoped(
  Redis,
  Effect.gen(function* () {
    const config = yield* RedisConfig
    const client = yield* openRedis(config.redisUrl, "commands")
    // Give the first connection a moment so the first requests do not race it; start anyway if Redis is down.
    // (Outside the acquire, which is uninterruptible: the timeout must be able to stop the wait.)
    yield* Effect.async<void>((resume) => {
      if (client.status === "ready") return resume(Effect.void)
      client.once("ready", () => resume(Effect.void))
    }).pipe(Effect.timeout("3 seconds"), Effect.ignore)
    return client
  }),
)

export const pingRedis = Effect.fn("Redis.ping")(function* () {
  const client = yield* Redis
  return yield* Effect.tryPromise(() => client.ping())
})
