import { appSettingsConfig, loadOrExplain } from "@ardine/infra"
import { NodeRuntime } from "@effect/platform-node"
import { Config, Effect, Layer, Logger, LogLevel } from "effect"

/** Structured JSON logs at LOG_LEVEL (default info); LOG_FORMAT=pretty for a terminal. */
export const LoggingLive = Layer.unwrapEffect(
  Effect.gen(function* () {
    const level = yield* Config.logLevel("LOG_LEVEL").pipe(Config.withDefault(LogLevel.Info))
    const format = yield* Config.literal("json", "pretty")("LOG_FORMAT").pipe(Config.withDefault("json"))
    return Layer.merge(format === "json" ? Logger.json : Logger.pretty, Logger.minimumLogLevel(level))
  }),
)

/**
 * Runs a process entry point: configuration problems print one line per variable and exit 1
 * before anything starts; SIGTERM/SIGINT interrupt the program so scopes close cleanly.
 */
export const runMain = <E>(program: Effect.Effect<void, E>) =>
  NodeRuntime.runMain(
    Effect.gen(function* () {
      const checked = yield* Effect.either(loadOrExplain(appSettingsConfig))
      if (checked._tag === "Left") {
        for (const line of checked.left) process.stderr.write(`ardine: ${line}\n`)
        return yield* Effect.sync(() => process.exit(1))
      }
      return yield* program
    }).pipe(Effect.provide(LoggingLive)),
    { disablePrettyLogger: true },
  )
