import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { ConfigError, Effect, Layer, Logger, LogLevel, Option } from "effect"
import * as EffectConfig from "effect/Config"
import { describeConfigError } from "./AppConfig.js"

/** Structured JSON logs at LOG_LEVEL (default info); LOG_FORMAT=pretty for a terminal. */
export const LoggingLive = Layer.unwrapEffect(
  Effect.gen(function* () {
    const level = yield* EffectConfig.logLevel("LOG_LEVEL").pipe(EffectConfig.withDefault(LogLevel.Info))
    const format = yield* EffectConfig.literal("json", "pretty")("LOG_FORMAT").pipe(EffectConfig.withDefault("json"))
    return Layer.merge(format === "json" ? Logger.json : Logger.pretty, Logger.minimumLogLevel(level))
  }),
)

/**
 * Runs a process entry point (API, worker, migrate): every configuration problem prints one line
 * per variable and exits 1 before anything connects; SIGTERM/SIGINT interrupt the program so scopes
 * close cleanly (servers drain, connections close) and the process exits 0.
 */
export const runMain = <E>(
  name: string,
  configs: ReadonlyArray<Effect.Effect<unknown, ConfigError.ConfigError>>,
  program: Effect.Effect<void, E>,
) =>
  NodeRuntime.runMain(
    Effect.gen(function* () {
      const checked = yield* Effect.either(Effect.all(configs, { mode: "validate" }))
      if (checked._tag === "Left") {
        const errors = checked.left.flatMap((error) => (Option.isSome(error) ? [error.value] : []))
        const lines = errors.flatMap((error) => (ConfigError.isConfigError(error) ? describeConfigError(error) : []))
        for (const line of new Set(lines)) process.stderr.write(`${name}: ${line}\n`)
        return yield* Effect.sync(() => process.exit(1))
      }
      return yield* program
    }).pipe(Effect.provide(LoggingLive)),
    { disablePrettyLogger: true },
  )
