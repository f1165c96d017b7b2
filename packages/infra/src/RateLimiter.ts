import { Context, Effect, Layer } from "effect"
import { RedisConfig } from "./AppConfig.js"
import { Redis } from "./Redis.js"
import { rateLimitPruneSchedule } from "./RetryPolicies.js"

export interface RateDecision {
  readonly allowed: boolean
  readonly remaining: number
  readonly retryAfterSeconds: number
}

// Fixed window counter, atomic in Redis so the limit holds across API replicas.
const script = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {count, ttl}`

/** This process's own fixed-window counts, which decide while Redis cannot. */
const localWindows = () => {
  const counts = new Map<string, { readonly endsAt: number; count: number }>()
  return {
    /** Counts one request; returns this process's count in the window and the ms left in it. */
    count: (key: string, windowMs: number) => {
      // A window starts at its first request, as the Redis counter's expiry does.
      const now = Date.now()
      let entry = counts.get(key)
      if (entry === undefined || entry.endsAt <= now) {
        entry = { endsAt: now + windowMs, count: 0 }
        counts.set(key, entry)
      }
      entry.count++
      return { count: entry.count, ttlMs: entry.endsAt - now }
    },
    prune: Effect.sync(() => {
      const now = Date.now()
      for (const [key, entry] of counts) if (entry.endsAt <= now) counts.delete(key)
    }),
  }
}

const decide = (used: number, ttlMs: number, limit: number): RateDecision => ({
  allowed: used <= limit,
  remaining: Math.max(0, limit - used),
  retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
})

export class RateLimiter extends Context.Tag("@ardine/RateLimiter")<
  RateLimiter,
  { readonly consume: (bucket: string, client: string, limit: number, windowMs: number) => Effect.Effect<RateDecision> }
>() {}

export const RateLimiterLive = Layer.scoped(
  RateLimiter,
  Effect.gen(function* () {
    const redis = yield* Redis
    const config = yield* RedisConfig
    // Every request is also counted here, so when Redis goes away each replica keeps enforcing the limit
    // by itself (log-in attempts above all) from the counts it already has, instead of failing open.
    const local = localWindows()
    yield* Effect.forkScoped(Effect.repeat(local.prune, rateLimitPruneSchedule))
    return {
      consume: Effect.fn("RateLimiter.consume")(function* (bucket, client, limit, windowMs) {
        const key = `${config.redisKeyPrefix}rl:${bucket}:${client}`
        const here = local.count(key, windowMs)
        return yield* Effect.tryPromise(() => redis.eval(script, 1, key, String(windowMs))).pipe(
          Effect.map((reply): RateDecision => {
            const [count, ttl] = Array.isArray(reply) ? reply.map(Number) : [0, 0]
            return decide(count ?? 0, ttl ?? windowMs, limit)
          }),
          Effect.timeout("250 millis"),
          Effect.catchAll((cause) =>
            Effect.logWarning("rate limiter unavailable; counting in this process").pipe(
              Effect.annotateLogs({ bucket, cause: String(cause) }),
              Effect.as(decide(here.count, here.ttlMs, limit)),
            ),
          ),
        )
      }),
    }
  }),
)

/** The same fixed windows counted in this process only: for tests and single-process runs without Redis. */
export const RateLimiterMemory: Layer.Layer<RateLimiter> = Layer.scoped(
  RateLimiter,
  Effect.gen(function* () {
    const local = localWindows()
    yield* Effect.forkScoped(Effect.repeat(local.prune, rateLimitPruneSchedule))
    return {
      consume: (bucket, client, limit, windowMs) =>
        Effect.sync(() => {
          const here = local.count(`rl:${bucket}:${client}`, windowMs)
          return decide(here.count, here.ttlMs, limit)
        }).pipe(Effect.withSpan("RateLimiter.consume")),
    }
  }),
)
