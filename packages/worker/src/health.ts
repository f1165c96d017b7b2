import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { ModelStatusRepo, pingRedis, type Redis } from "@ardine/infra"
import { Context, Effect, Layer, Runtime, Schema } from "effect"
import { WorkerConfig } from "./config.js"
import { ModelConsumer } from "./consumer.js"

export class HealthServerError extends Schema.TaggedError<HealthServerError>()("HealthServerError", {
  reason: Schema.String,
}) {}

/** The probe server, with the port it actually listens on (WORKER_HEALTH_PORT=0 picks one). */
export class HealthServer extends Context.Tag("@ardine/worker/HealthServer")<
  HealthServer,
  { readonly port: number }
>() {}

const up = <E, R>(check: Effect.Effect<unknown, E, R>) =>
  check.pipe(
    Effect.timeout("2 seconds"),
    Effect.as("ok" as const),
    Effect.orElseSucceed(() => "down" as const),
  )

/** Redis and the database reachable, and the consumer running (not shutting down). */
export const readiness = Effect.gen(function* () {
  const repo = yield* ModelStatusRepo
  const consumer = yield* ModelConsumer
  const checks = yield* Effect.all(
    {
      redis: up(pingRedis()),
      database: up(repo.ping),
      worker: Effect.map(consumer.isRunning, (running) => (running ? ("ok" as const) : ("down" as const))),
    },
    { concurrency: "unbounded" },
  )
  const ok = Object.values(checks).every((c) => c === "ok")
  return { status: ok ? ("ok" as const) : ("unavailable" as const), checks }
})

const send = (res: ServerResponse, status: number, body: unknown) =>
  Effect.sync(() => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" })
    res.end(JSON.stringify(body))
  })

/**
 * GET /health/live (the process answers) and GET /health/ready (Redis + database reachable, consumer
 * running) on WORKER_HEALTH_HOST:WORKER_HEALTH_PORT, for Kubernetes probes and docker healthchecks.
 */
export const HealthServerLive = Layer.scoped(
  HealthServer,
  Effect.gen(function* () {
    const settings = yield* WorkerConfig
    const runtime = yield* Effect.runtime<ModelStatusRepo | ModelConsumer | Redis>()
    const runFork = Runtime.runFork(runtime)

    const respond = (req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? "/").split("?")[0]
      if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, { error: "method not allowed" })
      if (path === "/health/live") return send(res, 200, { status: "ok" })
      if (path === "/health/ready") {
        return Effect.flatMap(readiness, (report) => send(res, report.status === "ok" ? 200 : 503, report))
      }
      return send(res, 404, { error: "not found" })
    }

    const server = yield* Effect.acquireRelease(
      Effect.async<Server, HealthServerError>((resume) => {
        const server = createServer((req, res) => {
          runFork(respond(req, res))
        })
        server.once("error", (error) => resume(Effect.fail(new HealthServerError({ reason: error.message }))))
        server.listen(settings.healthPort, settings.healthHost, () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.async<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        }),
    )
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : settings.healthPort
    yield* Effect.logInfo("worker health endpoint listening").pipe(
      Effect.annotateLogs({ host: settings.healthHost, port }),
    )
    return { port }
  }),
)
