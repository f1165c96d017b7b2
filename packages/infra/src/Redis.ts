import { Context, Effect, Layer, Redacted } from "effect"
import { Redis as IORedis, type RedisOptions } from "ioredis"
import { AppConfig } from "./AppConfig.js"

/**
 * One shared ioredis connection for commands (rate limits, health). Commands fail fast while
 * Redis is down instead of queueing, so callers can degrade rather than hang.
 */
export class Redis extends Context.Tag("@ardine/Redis")<Redis, IORedis>() {
  static readonly options: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    connectTimeout: 2_000,
    lazyConnect: false,
    // Keep reconnecting in the background at a bounded pace; requests meanwhile fail fast.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  }
}

export const RedisLive = Layer.scoped(
  Redis,
  Effect.gen(function* () {
    const config = yield* AppConfig
    const client = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const client = new IORedis(Redacted.value(config.redisUrl), Redis.options)
        // Errors surface on the commands that hit them; the connection's own error events are expected noise while down.
        client.on("error", () => {})
        return client
      }),
      (client) => Effect.promise(() => client.quit().catch(() => client.disconnect())),
    )
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
