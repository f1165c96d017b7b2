import { HttpServer } from "@effect/platform"
import { ConfigProvider, Effect, Layer, Logger, LogLevel, ManagedRuntime } from "effect"
import pg from "pg"
import { HttpAppLive, serveOnNode } from "../../src/server.js"
import type { TestApi } from "./testApi.js"
import { testSettings } from "./testApi.js"
import { type Doubles, makeDoubles, makeTestServices } from "./testServices.js"

export interface TestApiOnDoubles extends TestApi {
  /** The doubles this instance runs on: what they saw, and which step fails. */
  readonly doubles: Doubles
}

/**
 * The real HTTP API (every handler and middleware of HttpAppLive) on TestServices: Postgres is the only
 * service it talks to, so Ardine's own logic (undo on failure, events, enqueue, limits) is tested without
 * Redis, clamd, S3 or an AI.
 */
export const startTestApiOnDoubles = async (overrides: Record<string, string> = {}): Promise<TestApiOnDoubles> => {
  const settings = testSettings({ CLAMAV_PORT: "1", REDIS_URL: "redis://127.0.0.1:1", ...overrides })
  const doubles = makeDoubles()
  const layer = serveOnNode(HttpAppLive, { port: 0, host: "127.0.0.1", graceMs: 500 }).pipe(
    Layer.provideMerge(makeTestServices(doubles)),
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(settings))))),
    Layer.provide(Logger.minimumLogLevel(process.env.TEST_LOG === "1" ? LogLevel.Info : LogLevel.None)),
  )
  const runtime = ManagedRuntime.make(layer)
  const address = await runtime.runPromise(Effect.map(HttpServer.HttpServer, (server) => server.address))
  if (address._tag !== "TcpAddress") throw new Error("expected a TCP address")
  const db = new pg.Pool({ connectionString: settings.DATABASE_URL, max: 2 })
  let closing: Promise<void> | undefined
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    settings,
    db,
    doubles,
    run: (effect) => runtime.runPromise(effect),
    close: () => {
      closing ??= db.end().then(() => runtime.dispose())
      return closing
    },
  }
}
