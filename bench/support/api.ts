import { HttpServer } from "@effect/platform"
import { ConfigProvider, Effect, Layer, Logger, LogLevel, ManagedRuntime } from "effect"
import { HttpAppLive, ServicesLive, serveOnNode } from "../../packages/api/src/server.js"

/** The real API on an ephemeral loopback port, configured from a map (benchmarks run outside vitest). */
export const startApi = async (settings: Record<string, string>) => {
  const layer = serveOnNode(HttpAppLive, { port: 0, host: "127.0.0.1", graceMs: 500 }).pipe(
    Layer.provide(ServicesLive),
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(settings))))),
    Layer.provide(Logger.minimumLogLevel(LogLevel.Warning)),
  )
  const runtime = ManagedRuntime.make(layer)
  const address = await runtime.runPromise(Effect.map(HttpServer.HttpServer, (server) => server.address))
  if (address._tag !== "TcpAddress") throw new Error("expected a TCP address")
  return { baseUrl: `http://127.0.0.1:${address.port}`, close: () => runtime.dispose() }
}
