import { Effect, Option, Tracer } from "effect"

const W3C_TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/

/** The producer's span from a W3C traceparent, so upload -> queue -> worker is one trace. */
export const parentSpanOf = (traceparent: string | undefined): Option.Option<Tracer.ExternalSpan> => {
  const match = traceparent === undefined ? null : W3C_TRACEPARENT.exec(traceparent)
  const [, traceId, spanId, flags] = match ?? []
  if (traceId === undefined || spanId === undefined || flags === undefined) return Option.none()
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return Option.none()
  return Option.some(Tracer.externalSpan({ traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 }))
}

export const continueTrace =
  (traceparent: string | undefined) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Option.match(parentSpanOf(traceparent), {
      onNone: () => effect,
      onSome: (parent) => Effect.withParentSpan(effect, parent),
    })
