import { Effect } from "effect"
import type Sharp from "sharp"

/**
 * `sharp`, imported on first use instead of at start-up: libvips and its bindings cost about 10 MiB of resident
 * memory, which an API replica that serves menus and orders but no uploads never needs. Node caches the module,
 * so every later use costs one resolved promise.
 */
export const loadSharp: Effect.Effect<typeof Sharp> = Effect.promise(() =>
  import("sharp").then((module) => module.default),
)
