import { randomBytes } from "node:crypto"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { TelemetryLive } from "@ardine/infra"
import { HttpServer } from "@effect/platform"
import { ConfigProvider, Effect, Layer, Logger, LogLevel, ManagedRuntime } from "effect"
import pg from "pg"
import { inject } from "vitest"
import "@ardine/test-support/provided-context"
import { PasswordsTest } from "../../src/auth/Passwords.js"
import { HttpAppLive, ServicesLive, serveOnNode } from "../../src/server.js"

export interface TestApi {
  readonly baseUrl: string
  /** The configuration this instance runs with. */
  readonly settings: Readonly<Record<string, string>>
  /** A plain pg pool on the test database, for asserting what was (not) written. */
  readonly db: pg.Pool
  readonly close: () => Promise<void>
  /** Runs an effect against this instance's own services (to look inside, e.g. count subscriptions). */
  readonly run: <A, E>(effect: Effect.Effect<A, E, Layer.Layer.Success<typeof ServicesLive>>) => Promise<A>
}

export const testSettings = (overrides: Record<string, string> = {}): Record<string, string> => ({
  DATABASE_URL: inject("databaseUrl"),
  DATABASE_MAX_CONNECTIONS: "5",
  SESSION_SECRET: randomBytes(32).toString("hex"),
  REDIS_KEY_PREFIX: `test:${randomBytes(6).toString("hex")}:`,
  RATE_LIMIT_API_PER_MINUTE: "100000",
  RATE_LIMIT_AUTH_PER_MINUTE: "100000",
  RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
  RATE_LIMIT_UPLOADS_PER_HOUR: "100000",
  // The real clamd that `npm test` starts (scripts/services/clamd.sh).
  CLAMAV_PORT: process.env.CLAMD_PORT ?? "3399",
  STORAGE_DIR: join(tmpdir(), `ardine-test-storage-${randomBytes(6).toString("hex")}`),
  // A stand-in app shell, so API tests behave the same whether or not the real web app is built.
  WEB_DIST_DIR: fileURLToPath(new URL("./web-fixture", import.meta.url)),
  ...overrides,
})

/** The real HTTP app on `services`, on an ephemeral loopback port, with `settings` as its whole configuration. */
export const serveTestApi = async <E>(
  settings: Record<string, string>,
  services: Layer.Layer<Layer.Layer.Success<typeof ServicesLive>, E>,
): Promise<TestApi> => {
  const layer = serveOnNode(HttpAppLive, { port: 0, host: "127.0.0.1", graceMs: 500 }).pipe(
    Layer.provideMerge(services),
    // Off unless the settings name an OTEL_EXPORTER_OTLP_ENDPOINT, exactly as in production.
    Layer.provide(TelemetryLive("ardine-api", { shutdownTimeout: "2 seconds" })),
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
    run: (effect) => runtime.runPromise(effect),
    // Idempotent: a test may stop the API early (to flush its telemetry) and the hook stops it again.
    close: () => {
      closing ??= db.end().then(() => runtime.dispose())
      return closing
    },
  }
}

/**
 * The real API (real Postgres, real Redis) on an ephemeral loopback port, configured like production, except
 * that passwords are hashed at a test's cost (PasswordsTest) unless `productionPasswords` is set: a sign-up at
 * production cost takes a core for a third of a second, and most suites sign up an owner per test.
 */
export const startTestApi = (
  overrides: Record<string, string> = {},
  options: { readonly productionPasswords?: boolean } = {},
): Promise<TestApi> =>
  serveTestApi(
    testSettings(overrides),
    // Merged last, so its Passwords replaces production's.
    options.productionPasswords ? ServicesLive : Layer.merge(ServicesLive, PasswordsTest),
  )
