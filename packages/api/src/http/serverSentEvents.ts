import type { Subscription } from "@ardine/infra"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Duration, type Effect, Stream } from "effect"

const encoder = new TextEncoder()

/**
 * Frames a subscription as text/event-stream: `ready` once subscribed (clients re-fetch then, which
 * is the catch-up after any reconnect), each event as `event: <type>` with JSON data, and a comment
 * heartbeat so proxies keep an idle stream open. The stream ends when the client goes away or when
 * `until` completes (server shutdown), and with it the subscription.
 */
export const serverSentEvents = <A extends { readonly type: string }>(
  subscription: Stream.Stream<Subscription<A>>,
  encode: (event: A) => unknown,
  until: Effect.Effect<void>,
  heartbeat: Duration.DurationInput = Duration.seconds(15),
): HttpServerResponse.HttpServerResponse => {
  let id = 0
  const frames = subscription.pipe(
    Stream.map((item) =>
      item._tag === "Subscribed"
        ? "retry: 3000\nevent: ready\ndata: {}\n\n"
        : `id: ${++id}\nevent: ${item.event.type}\ndata: ${JSON.stringify(encode(item.event))}\n\n`,
    ),
  )
  const beats = Stream.tick(heartbeat).pipe(
    Stream.drop(1),
    Stream.map(() => ": heartbeat\n\n"),
  )
  return HttpServerResponse.stream(
    Stream.merge(frames, beats, { haltStrategy: "either" }).pipe(
      Stream.interruptWhen(until),
      Stream.map((text) => encoder.encode(text)),
    ),
    {
      contentType: "text/event-stream",
      headers: { "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
    },
  )
}
