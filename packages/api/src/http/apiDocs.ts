import { ArdineServerApi } from "@ardine/domain"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpLayerRouter from "@effect/platform/HttpLayerRouter"
import { Effect, Scope } from "effect"

const path = "/api/docs"

/**
 * The Swagger UI page at /api/docs, built on its first request. The page embeds swagger-ui (a 1.9 MB script):
 * built at start-up, as `HttpApiSwagger.layer` does, it holds about 7 MiB of memory in every replica, which
 * mostly serves diners and never this page. The Swagger module is imported then too (its own bundle chunk).
 */
export const ApiDocsLive = HttpApiBuilder.Router.use((router) =>
  Effect.gen(function* () {
    const scope = yield* Effect.scope
    const docs = yield* Effect.cached(
      Effect.promise(() => import("@effect/platform/HttpApiSwagger")).pipe(
        Effect.flatMap((swagger) =>
          HttpLayerRouter.toHttpEffect(swagger.layerHttpLayerRouter({ api: ArdineServerApi, path })),
        ),
        Scope.extend(scope),
      ),
    )
    yield* router.get(path, Effect.flatten(docs))
  }),
)
