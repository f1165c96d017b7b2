import { Context, Deferred, Effect, Layer } from "effect"

/**
 * Completes when the HTTP server starts shutting down. Live event streams end on it, so they do not hold
 * a stopping process for the whole grace period; the browser's EventSource reconnects (to another replica,
 * or to this one once it is back) and catches up on `ready`.
 */
export class ServerShutdown extends Context.Tag("@ardine/api/ServerShutdown")<
  ServerShutdown,
  {
    readonly begin: Effect.Effect<void>
    readonly started: Effect.Effect<void>
  }
>() {}

export const ServerShutdownLive = Layer.effect(
  ServerShutdown,
  Effect.map(Deferred.make<void>(), (signal) => ({
    begin: Effect.asVoid(Deferred.succeed(signal, undefined)),
    started: Deferred.await(signal),
  })),
)
