import { Context, Effect, Layer } from "effect"
import { AppConfig } from "./AppConfig.js"
import { Redis } from "./Redis.js"

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

export class RateLimiter extends Context.Tag("@ardine/RateLimiter")<
  RateLimiter,
  { readonly consume: (bucket: string, client: string, limit: number, windowMs: number) => Effect.Effect<RateDecision> }
>() {
  static readonly layer = Layer.effect(
    RateLimiter,
    Effect.map(Effect.all([Redis, AppConfig]), ([redis, config]) => ({
      consume: Effect.fn("RateLimiter.consume")(function* (bucket, client, limit, windowMs) {
        const key = `${config.redisKeyPrefix}rl:${bucket}:${client}`
        return yield* Effect.tryPromise(() => redis.eval(script, 1, key, String(windowMs))).pipe(
          Effect.map((reply): RateDecision => {
            const [count, ttl] = Array.isArray(reply) ? reply.map(Number) : [0, 0]
            const used = count ?? 0
            return {
              allowed: used <= limit,
              remaining: Math.max(0, limit - used),
              retryAfterSeconds: Math.max(1, Math.ceil((ttl ?? windowMs) / 1000)),
            }
          }),
          Effect.timeout("250 millis"),
          // Redis down must not take the menu and ordering down with it: fail open, and say so in the logs.
          Effect.catchAll((cause) =>
            Effect.logWarning("rate limiter unavailable; allowing request").pipe(
              Effect.annotateLogs({ bucket, cause: String(cause) }),
              Effect.as({ allowed: true, remaining: limit, retryAfterSeconds: 0 }),
            ),
          ),
        )
      }),
    })),
  )

  /** Always allows: for unit tests that are not about rate limiting. */
  static readonly unlimited = Layer.succeed(RateLimiter, {
    consume: (_bucket, _client, limit) => Effect.succeed({ allowed: true, remaining: limit, retryAfterSeconds: 0 }),
  })
}
