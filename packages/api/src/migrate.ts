import { AppConfig, appSettingsConfig, DbLive, runMain } from "@ardine/infra"
import { Effect, Layer } from "effect"

// The one-shot `migrate` command (a Kubernetes pre-install/pre-upgrade hook Job runs it): apply and exit.
runMain(
  "ardine-migrate",
  [appSettingsConfig],
  Layer.launch(DbLive).pipe(
    Effect.timeout("5 minutes"),
    Effect.zipLeft(Effect.logInfo("migrations applied")),
    Effect.provide(AppConfig.layer),
    Effect.asVoid,
  ),
)
