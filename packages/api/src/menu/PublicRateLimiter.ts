import { AppConfig, publicRateLimitSyncSchedule, type RateDecision, RateLimiter, Redis } from "@ardine/infra"
import { Context, Effect, Layer } from "effect"

/** The bucket diner reads (menu, order status) count against; see http/rateLimits.ts. */
const cheapBucket = "public"

// Adds this process's count since the last sync to the shared window and returns the window's total.
const script = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if tonumber(ARGV[1]) == count then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return count`

interface Counter {
  readonly window: number
  /** The shared count at the last sync (every replica's requests in this window). */
  shared: number
  /** This process's requests on their way to Redis (in neither `shared` nor `unsynced` until the reply). */
  syncing: number
  /** This process's requests since the last sync. */
  unsynced: number
  readonly limit: number
  readonly windowMs: number
}

/** Counts diner reads in memory and decides them at once (no I/O): see PublicReadCounterLive. */
export class PublicReadCounter extends Context.Tag("@ardine/api/PublicReadCounter")<
  PublicReadCounter,
  {
    readonly consume: (client: string, limit: number, windowMs: number) => RateDecision
    /** Whether one more read by `client` would be allowed now; counts nothing. */
    readonly wouldAllow: (client: string, limit: number, windowMs: number) => boolean
  }
>() {}

/**
 * Diner reads are counted in memory and the counts are added to Redis in one batch every 100 ms, so a
 * menu read costs a map lookup instead of a Redis round-trip. The limit still holds across replicas
 * (each decision sees every replica's count up to the last sync, so the overshoot is at most 100 ms of
 * traffic) and within a process it holds exactly, even while Redis is down (where the plain limiter
 * fails open).
 */
export const PublicReadCounterLive = Layer.scoped(
  PublicReadCounter,
  Effect.gen(function* () {
    const redis = yield* Redis
    const config = yield* AppConfig
    const counters = new Map<string, Counter>()
    const keyOf = (client: string, counter: Counter) =>
      `${config.redisKeyPrefix}rl:${cheapBucket}:${client}:${counter.window}`

    const sync = Effect.fn("PublicRateLimiter.sync")(function* () {
      const window = (windowMs: number) => Math.floor(Date.now() / windowMs)
      const due = [...counters].filter(([client, counter]) => {
        if (counter.window < window(counter.windowMs) && counter.unsynced === 0) counters.delete(client)
        return counter.unsynced > 0
      })
      yield* Effect.forEach(
        due,
        ([client, counter]) => {
          const delta = counter.unsynced
          counter.unsynced = 0
          counter.syncing = delta
          return Effect.tryPromise(() =>
            redis.eval(script, 1, keyOf(client, counter), String(delta), String(counter.windowMs)),
          ).pipe(
            Effect.map(Number),
            // Redis down: keep the count here, so this process still enforces the limit by itself.
            Effect.orElseSucceed(() => counter.shared + delta),
            Effect.flatMap((total) =>
              Effect.sync(() => {
                counter.shared = total
                counter.syncing = 0
              }),
            ),
          )
        },
        { concurrency: 16, discard: true },
      )
    })
    yield* Effect.forkScoped(Effect.repeat(sync(), publicRateLimitSyncSchedule))

    const used = (counter: Counter) => counter.shared + counter.syncing + counter.unsynced
    const counterIn = (client: string, window: number) => {
      const counter = counters.get(client)
      return counter?.window === window ? counter : undefined
    }

    const consume = (client: string, limit: number, windowMs: number): RateDecision => {
      const now = Date.now()
      const window = Math.floor(now / windowMs)
      let counter = counterIn(client, window)
      if (counter === undefined) {
        counter = { window, shared: 0, syncing: 0, unsynced: 0, limit, windowMs }
        counters.set(client, counter)
      }
      counter.unsynced++
      return {
        allowed: used(counter) <= limit,
        remaining: Math.max(0, limit - used(counter)),
        retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000)),
      }
    }
    const wouldAllow = (client: string, limit: number, windowMs: number) => {
      const counter = counterIn(client, Math.floor(Date.now() / windowMs))
      return (counter === undefined ? 0 : used(counter)) < limit
    }
    return { consume, wouldAllow }
  }),
)

/**
 * The RateLimiter the API runs with: the public bucket through PublicReadCounter; sign-up, log-in and
 * owner writes keep the strict limiter (one atomic Redis count per request, shared by all replicas).
 */
export const PublicRateLimiterLive = Layer.effect(
  RateLimiter,
  Effect.gen(function* () {
    const strict = yield* RateLimiter
    const reads = yield* PublicReadCounter
    return {
      consume: (bucket: string, client: string, limit: number, windowMs: number) =>
        bucket === cheapBucket
          ? Effect.sync(() => reads.consume(client, limit, windowMs))
          : strict.consume(bucket, client, limit, windowMs),
    }
  }),
)
