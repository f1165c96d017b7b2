// The fixed-window decisions every RateLimiter layer must share; RateLimiter.test.ts runs it on Redis and memory.
import { randomBytes } from "node:crypto"
import { Effect, type Layer } from "effect"
import { describe, expect, it } from "vitest"
import { RateLimiter } from "../src/RateLimiter.js"

export const rateLimiterContract = <E>(name: string, layer: Layer.Layer<RateLimiter, E>) =>
  describe(`RateLimiter contract: ${name}`, () => {
    const run = <A, E2>(effect: Effect.Effect<A, E2, RateLimiter>) =>
      Effect.runPromise(Effect.scoped(Effect.provide(effect, layer)))
    const client = () => randomBytes(6).toString("hex")

    it("allows `limit` requests in a window, counting down what remains, then refuses with a Retry-After", () =>
      run(
        Effect.gen(function* () {
          const limiter = yield* RateLimiter
          const who = client()
          const decisions = yield* Effect.forEach([1, 2, 3, 4], () => limiter.consume("login", who, 3, 60_000))
          expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
            [true, 2],
            [true, 1],
            [true, 0],
            [false, 0],
          ])
          const refused = decisions[3]
          expect(refused?.retryAfterSeconds).toBeGreaterThanOrEqual(59)
          expect(refused?.retryAfterSeconds).toBeLessThanOrEqual(60)
        }),
      ))

    it("counts each client and each bucket apart", () =>
      run(
        Effect.gen(function* () {
          const limiter = yield* RateLimiter
          const a = client()
          const b = client()
          expect((yield* limiter.consume("login", a, 1, 60_000)).allowed).toBe(true)
          expect((yield* limiter.consume("login", a, 1, 60_000)).allowed).toBe(false)
          expect((yield* limiter.consume("login", b, 1, 60_000)).allowed).toBe(true)
          expect((yield* limiter.consume("upload", a, 1, 60_000)).allowed).toBe(true)
        }),
      ))

    it("starts a new window once the last one has passed", () =>
      run(
        Effect.gen(function* () {
          const limiter = yield* RateLimiter
          const who = client()
          expect((yield* limiter.consume("api", who, 1, 300)).allowed).toBe(true)
          expect((yield* limiter.consume("api", who, 1, 300)).allowed).toBe(false)
          yield* Effect.sleep("400 millis")
          expect((yield* limiter.consume("api", who, 1, 300)).allowed).toBe(true)
        }),
      ))
  })
