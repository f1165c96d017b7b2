import { Config, Duration } from "effect"

// Validated numbers from env vars, one definition each, so every process reports a bad value the same way.

/** A whole number above zero, `fallback` when unset. */
export const positiveInt = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.withDefault(fallback),
    Config.validate({ message: `${name} must be a positive integer`, validation: (n) => n > 0 }),
  )

/** A whole number, zero or more (zero usually switches the feature off), `fallback` when unset. */
export const nonNegativeInt = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.withDefault(fallback),
    Config.validate({ message: `${name} must be an integer >= 0`, validation: (n) => n >= 0 }),
  )

/** A duration given in whole milliseconds above zero (`…_MS` variables), `fallbackMs` when unset. */
export const millis = (name: string, fallbackMs: number) =>
  positiveInt(name, fallbackMs).pipe(Config.map(Duration.millis))
