import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import * as TraceContext from "../src/TraceContext.js"

const traceId = "ab".repeat(16)
const spanId = "cd".repeat(8)

describe("TraceContext", () => {
  it("reads the producer's span from a W3C traceparent", () => {
    const span = TraceContext.parentSpanOf(`00-${traceId}-${spanId}-01`)
    expect(Option.map(span, (s) => [s.traceId, s.spanId, s.sampled])).toEqual(Option.some([traceId, spanId, true]))
    expect(Option.map(TraceContext.parentSpanOf(`00-${traceId}-${spanId}-00`), (s) => s.sampled)).toEqual(
      Option.some(false),
    )
  })

  it("ignores absent, malformed, unknown-version and all-zero traceparents", () => {
    for (const value of [
      undefined,
      "",
      "garbage",
      `00-${traceId}-${spanId}`,
      `00-${traceId.slice(2)}-${spanId}-01`,
      `ff-${traceId}-${spanId}-01`,
      `00-${"0".repeat(32)}-${spanId}-01`,
      `00-${traceId}-${"0".repeat(16)}-01`,
    ]) {
      expect(Option.isNone(TraceContext.parentSpanOf(value)), String(value)).toBe(true)
    }
  })

  it.effect("carries the current span, and nothing outside one", () =>
    Effect.gen(function* () {
      expect(yield* TraceContext.currentTraceFields).toEqual({})
      const [fields, span] = yield* Effect.all([TraceContext.currentTraceFields, Effect.currentSpan]).pipe(
        Effect.withSpan("producer"),
      )
      expect(fields).toEqual({ traceparent: `00-${span.traceId}-${span.spanId}-01` })
    }),
  )

  it.effect("a consumer joins the producer's trace, as the producer span's child", () =>
    Effect.gen(function* () {
      const [{ traceparent }, producer] = yield* Effect.all([TraceContext.currentTraceFields, Effect.currentSpan]).pipe(
        Effect.withSpan("producer"),
        Effect.withParentSpan(Option.getOrThrow(TraceContext.parentSpanOf(`00-${traceId}-${spanId}-01`))),
      )
      const consumer = yield* Effect.currentSpan.pipe(
        Effect.withSpan("consumer"),
        TraceContext.continueTrace(traceparent),
      )
      expect(consumer.traceId).toBe(traceId)
      expect(Option.map(consumer.parent, (p) => p.spanId)).toEqual(Option.some(producer.spanId))
      const alone = yield* Effect.currentSpan.pipe(Effect.withSpan("alone"), TraceContext.continueTrace(undefined))
      expect(alone.traceId).not.toBe(traceId)
      expect(Option.isNone(alone.parent)).toBe(true)
    }),
  )
})
