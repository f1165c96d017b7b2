import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { ArdineServerApi } from "@ardine/domain"
import {
  AppConfigLive,
  BlobStorageLive,
  BucketSetupLive,
  DayStatsRepo,
  DbLive,
  DishAnalyzerLive,
  DishesRepo,
  EventsLive,
  MalwareScannerLive,
  ModelChoiceRepo,
  ModelQueueLive,
  OptionGroupsRepo,
  OptionSuggestionsRepo,
  OrdersRepo,
  type RateLimiter,
  RateLimiterLive,
  RedisLive,
  RestaurantsRepo,
  SessionsRepo,
  StorageUrlsLive,
  TableTokensRepo,
  UsersRepo,
} from "@ardine/infra"
import type { HttpApp } from "@effect/platform"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServer from "@effect/platform/HttpServer"
// Deep import: the package index would also bundle its HTTP client (undici, 1 MB) the API never uses.
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { Config, Effect, Layer } from "effect"
import { PasswordsLive } from "./auth/Passwords.js"
import { AuthenticationLive, SessionsLive } from "./auth/Sessions.js"
import { AuthLive } from "./handlers/auth.js"
import { DayLive } from "./handlers/day.js"
import { DishesLive } from "./handlers/dishes.js"
import { EventsHandlersLive } from "./handlers/events.js"
import { HealthLive } from "./handlers/health.js"
import { OptionsLive } from "./handlers/options.js"
import { OrdersLive } from "./handlers/orders.js"
import { PublicLive } from "./handlers/public.js"
import { RestaurantsLive } from "./handlers/restaurants.js"
import { TablesLive } from "./handlers/tables.js"
import { ApiDocsLive } from "./http/apiDocs.js"
import { bodyGuard } from "./http/bodyGuard.js"
import { compressResponses } from "./http/compression.js"
import { crossSiteGuard } from "./http/crossSiteGuard.js"
import { rateLimits } from "./http/rateLimits.js"
import { requestLog } from "./http/requestLog.js"
import { securityHeaders } from "./http/securityHeaders.js"
import { ServerShutdown, ServerShutdownLive } from "./http/serverShutdown.js"
import { StorageRouteLive } from "./http/storageRoute.js"
import { UploadSlotsLive, uploadGate } from "./http/uploadGate.js"
import { WebAppLive } from "./http/webApp.js"
import { VariantBackfillLive } from "./media/variantBackfill.js"
import { MenuCacheLive } from "./menu/MenuCache.js"
import { MenuHits, MenuHitsLive } from "./menu/MenuHits.js"
import { PublicRateLimiterLive, PublicReadCounterLive } from "./menu/PublicRateLimiter.js"

export const RepositoriesLive = Layer.mergeAll(
  UsersRepo.Default,
  SessionsRepo.Default,
  RestaurantsRepo.Default,
  DishesRepo.Default,
  OptionGroupsRepo.Default,
  OptionSuggestionsRepo.Default,
  OrdersRepo.Default,
  TableTokensRepo.Default,
  DayStatsRepo.Default,
  ModelChoiceRepo.Default,
).pipe(Layer.provide(StorageUrlsLive))

const HandlersLive = Layer.mergeAll(
  HealthLive,
  AuthLive,
  RestaurantsLive,
  DishesLive,
  OptionsLive,
  OrdersLive,
  PublicLive,
  EventsHandlersLive,
  TablesLive,
  DayLive,
).pipe(Layer.provide(AuthenticationLive), Layer.provide(SessionsLive))

const ApiLive = HttpApiBuilder.api(ArdineServerApi).pipe(Layer.provide(HandlersLive))

/** Everything the HTTP API needs from the outside world (and nothing it does not). */
// Buckets are created at start-up (idempotent), so a fresh MinIO or a new local folder just works.
const StorageLive = BucketSetupLive.pipe(Layer.provideMerge(BlobStorageLive))

// Diner reads counted in memory and synced in batches (every other bucket strict in Redis); cached menus
// answered in front of the HTTP framework (MenuHits), with that same count. `strict` decides every other bucket.
export const makeDinerReads = <E, R>(strict: Layer.Layer<RateLimiter, E, R>) =>
  MenuHitsLive.pipe(
    Layer.provideMerge(MenuCacheLive.pipe(Layer.provide(RepositoriesLive))),
    Layer.provideMerge(PublicRateLimiterLive.pipe(Layer.provide(strict))),
    Layer.provideMerge(PublicReadCounterLive),
  )
const DinerReadsLive = makeDinerReads(RateLimiterLive)

export const ServicesLive = Layer.mergeAll(
  RepositoriesLive,
  DinerReadsLive,
  StorageLive,
  StorageUrlsLive,
  MalwareScannerLive,
  DishAnalyzerLive,
  ModelQueueLive,
  EventsLive,
  PasswordsLive,
).pipe(Layer.provideMerge(RedisLive), Layer.provideMerge(DbLive), Layer.provideMerge(AppConfigLive))

// Outermost first: compression of the finished answer, headers on every answer, one log line and error
// mapping per request, then limits and guards; an upload's body is read (bodyGuard) only after all of them and
// the sign-in check (uploadGate).
const middleware = <E, R>(app: HttpApp.Default<E, R>) =>
  compressResponses(securityHeaders(requestLog(rateLimits(crossSiteGuard(uploadGate(bodyGuard(app)))))))

// Middleware wraps the app itself (not HttpServer.serve's post-response hook), so it can change responses.
export const HttpAppLive = Layer.unwrapEffect(
  Effect.map(HttpApiBuilder.httpApp, (app) => HttpServer.serve(middleware(app))),
).pipe(
  Layer.provide(ApiDocsLive),
  Layer.provide(StorageRouteLive),
  Layer.provide(WebAppLive),
  Layer.provide(HttpApiBuilder.middlewareOpenApi({ path: "/api/openapi.json" })),
  Layer.provide(ApiLive),
  Layer.provide(HttpApiBuilder.Router.Live),
  Layer.provide(HttpApiBuilder.Middleware.layer),
  Layer.provide(Layer.merge(SessionsLive, UploadSlotsLive)),
  // Sized photo copies for dishes from before they existed, made in the background while the API serves.
  Layer.merge(VariantBackfillLive),
)

/**
 * Stops a Node HTTP server gracefully: no new connections, live event streams end (ServerShutdown), idle
 * keep-alive connections close (now, and as each one's last response ends), open requests get `graceMs`
 * to finish, then every connection left is cut. Completes when the last connection is gone.
 */
const drain = (server: Server, shutdown: ServerShutdown["Type"], graceMs: number) =>
  Effect.zipRight(
    shutdown.begin,
    Effect.async<void>((resume) => {
      const closeIdle = setInterval(() => server.closeIdleConnections(), 100)
      const cutAll = setTimeout(() => server.closeAllConnections(), graceMs)
      const done = () => {
        clearInterval(closeIdle)
        clearTimeout(cutAll)
        resume(Effect.void)
      }
      // Called back once every connection has ended (or at once, with an error, if it was not listening).
      server.close(done)
      server.closeIdleConnections()
      return Effect.sync(done)
    }),
  )

type Emit = (this: Server, event: string, ...args: Array<unknown>) => boolean

/**
 * Lets MenuHits answer a request before the app's handler sees it (an http.Server has no other hook that
 * can keep a request from its "request" listeners). While the server is closing, every request goes to the
 * app, which knows how to end connections.
 */
const answerMenuHitsFirst = (server: Server) =>
  Layer.scopedDiscard(
    Effect.flatMap(MenuHits, (hits) =>
      Effect.acquireRelease(
        Effect.sync(() => {
          const emit: Emit = server.emit
          const answerFirst: Emit = function (event, ...args) {
            const [request, response] = args as [IncomingMessage, ServerResponse]
            if (event === "request" && server.listening && hits.answer(request, response)) return true
            return emit.call(this, event, ...args)
          }
          server.emit = answerFirst
          return emit
        }),
        (emit) =>
          Effect.sync(() => {
            server.emit = emit
          }),
      ),
    ),
  )

/**
 * Serves `app` on a Node HTTP server (PORT/HOST). The drain on shutdown runs before `app` is released:
 * @effect/platform unhooks the request handler when the app's layer closes, and a request still arriving
 * on an open connection after that would get no answer at all.
 */
export const serveOnNode = <E, R>(
  app: Layer.Layer<never, E, R>,
  options: { readonly port: number; readonly host: string; readonly graceMs: number },
) => {
  // A client that trickles its headers (slow-loris) is cut after 10 s, checked every second;
  // a whole request body gets 2 minutes (a 5 MB photo over a weak phone connection).
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 120_000, connectionsCheckingInterval: 1_000 })
  // Built after `app`, so released before it.
  const drainFirst = Layer.scopedDiscard(
    Effect.flatMap(ServerShutdown, (shutdown) => Effect.addFinalizer(() => drain(server, shutdown, options.graceMs))),
  )
  return drainFirst.pipe(
    Layer.provide(app),
    Layer.provideMerge(answerMenuHitsFirst(server)),
    Layer.provideMerge(NodeHttpServer.layer(() => server, { port: options.port, host: options.host })),
    Layer.provideMerge(ServerShutdownLive),
  )
}

export const listenConfig = Config.all({
  port: Config.port("PORT").pipe(Config.withDefault(4000)),
  host: Config.string("HOST").pipe(Config.withDefault("0.0.0.0")),
  graceMs: Config.integer("SHUTDOWN_GRACE_MS").pipe(Config.withDefault(10_000)),
})

/** The API server on PORT/HOST with all live services. */
export const ServerLive = Layer.unwrapEffect(
  Effect.map(listenConfig, (listen) =>
    serveOnNode(HttpServer.withLogAddress(HttpAppLive), listen).pipe(Layer.provide(ServicesLive)),
  ),
)
