import { Config, Effect, Layer } from "effect"
import { runMain } from "./runtime.js"
import { loadDemoSeed, seedDemo } from "./seed.js"
import { ServerLive, ServicesLive } from "./server.js"

// Migrations run as part of ServicesLive (under the migrator's lock); SEED_DEMO=true adds the demo restaurant.
const seedIfAsked = Effect.gen(function* () {
  if (!(yield* Config.boolean("SEED_DEMO").pipe(Config.withDefault(false)))) return
  const result = yield* seedDemo(yield* loadDemoSeed)
  yield* Effect.logInfo("demo data ready").pipe(Effect.annotateLogs(result))
})

runMain(Layer.launch(Layer.effectDiscard(seedIfAsked).pipe(Layer.provide(ServicesLive), Layer.merge(ServerLive))))
