import { AppConfigLive, appSettingsConfig, DbLive, runMain } from "@ardine/infra"
import { Effect, Layer } from "effect"

// The one-shot `migrate` command (a Kubernetes hook Job and the compose `migrate` service run it):
// build the database layer (which applies pending migrations under the migrator's lock), then exit.
runMain(
  "ardine-migrate",
  [appSettingsConfig],
  Effect.scoped(Layer.build(DbLive)).pipe(
    Effect.timeout("5 minutes"),
    Effect.zipRight(Effect.logInfo("migrations applied")),
    Effect.provide(AppConfigLive),
    Effect.asVoid,
  ),
)
