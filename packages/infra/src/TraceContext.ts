import * as Headers from "@effect/platform/Headers"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import { Effect, Option, type Tracer } from "effect"

/**
 * W3C trace context carried beside a message (a queued job's payload) instead of in HTTP headers, so
 * upload -> queue -> worker is one trace. Encoding and decoding are `@effect/platform`'s, as for HTTP.
 */

/** The `traceparent` of the current span; none outside a span. */
export const currentTraceparent: Effect.Effect<Option.Option<string>> = Effect.map(
  Effect.option(Effect.currentSpan),
  Option.flatMap((span) => Option.fromNullable(HttpTraceContext.toHeaders(span).traceparent)),
)

/** The fields to spread into a message so its consumer continues the current trace (none outside a span). */
export const currentTraceFields: Effect.Effect<{ readonly traceparent?: string }> = Effect.map(
  currentTraceparent,
  Option.match({ onNone: () => ({}), onSome: (traceparent) => ({ traceparent }) }),
)

// The W3C spec makes all-zero ids invalid; the platform decoder accepts them, a consumer must not join them.
const allZero = /^0+$/

/** The producer's span from a W3C `traceparent`; none when absent or malformed. */
export const parentSpanOf = (traceparent: string | undefined): Option.Option<Tracer.ExternalSpan> =>
  traceparent === undefined
    ? Option.none()
    : HttpTraceContext.w3c(Headers.fromInput({ traceparent })).pipe(
        Option.filter((span) => !allZero.test(span.traceId) && !allZero.test(span.spanId)),
      )

/** Runs `effect` as a child of the span in `traceparent`; unchanged when there is none. */
export const continueTrace =
  (traceparent: string | undefined) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Option.match(parentSpanOf(traceparent), {
      onNone: () => effect,
      onSome: (parent) => Effect.withParentSpan(effect, parent),
    })
