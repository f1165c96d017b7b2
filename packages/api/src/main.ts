import { appSettingsConfig, runMain, TelemetryLive, telemetryConfig } from "@ardine/infra"
import { Config, Effect, Layer } from "effect"
import { loadDemoSeed, seedDemo, seedDemoPhotos } from "./seed/seed.js"
import { ServerLive, ServicesLive } from "./server.js"

// Migrations run as part of ServicesLive (under the migrator's lock); SEED_DEMO=true adds the demo restaurant.
const seedIfAsked = Effect.gen(function* () {
  if (!(yield* Config.boolean("SEED_DEMO").pipe(Config.withDefault(false)))) return
  const result = yield* seedDemo(yield* loadDemoSeed)
  // Photos and model jobs are best effort: the menu is usable without them, and the next start retries.
  const photos = yield* seedDemoPhotos(result.restaurantId).pipe(
    Effect.catchAll((error) => Effect.logWarning("demo photos not ready yet", error).pipe(Effect.as(0))),
  )
  yield* Effect.logInfo("demo data ready").pipe(Effect.annotateLogs({ ...result, photosQueued: photos }))
})

// Telemetry wraps everything, so HTTP, SQL, storage, scanner, AI and queue spans all reach OTLP.
runMain(
  "ardine",
  [appSettingsConfig, telemetryConfig("ardine-api")],
  Layer.launch(Layer.effectDiscard(seedIfAsked).pipe(Layer.provide(ServicesLive), Layer.merge(ServerLive))).pipe(
    Effect.provide(TelemetryLive("ardine-api")),
  ),
)
