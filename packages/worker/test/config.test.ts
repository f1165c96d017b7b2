// The worker's share of the configuration: the database and Redis parts, no HTTP or session settings.
import { DatabaseConfig, RedisConfig } from "@ardine/infra"
import { ConfigProvider, Effect, Exit, Option, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { WorkerAppConfigLive } from "../src/config.js"
import { photorealSettingsConfig } from "../src/photoreal/config.js"

const load = (env: Record<string, string>) =>
  Effect.runPromiseExit(
    Effect.all([DatabaseConfig, RedisConfig]).pipe(
      Effect.provide(WorkerAppConfigLive),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))),
    ),
  )

describe("the worker's configuration", () => {
  it("loads without SESSION_SECRET or any other setting only the API reads", async () => {
    const exit = await load({
      DATABASE_URL: "postgres://db/ardine",
      REDIS_URL: "redis://cache:6379",
      REDIS_KEY_PREFIX: "t:",
    })
    expect(Exit.isSuccess(exit)).toBe(true)
    if (!Exit.isSuccess(exit)) return
    const [database, redis] = exit.value
    expect(Redacted.value(database.databaseUrl)).toBe("postgres://db/ardine")
    expect(Redacted.value(redis.redisUrl)).toBe("redis://cache:6379")
    expect(redis.redisKeyPrefix).toBe("t:")
    // Nothing of the API's part is carried along.
    expect(Object.keys(database).sort()).toEqual(["databaseMaxConnections", "databaseUrl"])
    expect(Object.keys(redis).sort()).toEqual(["redisKeyPrefix", "redisUrl"])
  })

  it("refuses the placeholders of the secrets it reads over https, and does not ask for a session secret", async () => {
    const exit = await load({
      APP_ORIGIN: "https://menu.example.com",
      DATABASE_URL: "postgres://ardine:change-me@db/ardine",
      SESSION_SECRET: "change-me-to-64-hex-characters",
    })
    expect(Exit.isFailure(exit)).toBe(true)
    const message = String(Exit.isFailure(exit) ? exit.cause : "")
    expect(message).toContain("DATABASE_URL still contains .env.example's change-me placeholder")
    expect(message).not.toContain("SESSION_SECRET")
  })

  it("fails without DATABASE_URL", async () => {
    expect(Exit.isFailure(await load({ REDIS_URL: "redis://cache:6379" }))).toBe(true)
  })
})

describe("the photoreal settings", () => {
  const loadPhotoreal = (env: Record<string, string>) =>
    Effect.runPromiseExit(
      photorealSettingsConfig.pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))),
    )

  it("leave the provider off when MODEL_PROVIDER is unset", async () => {
    const exit = await loadPhotoreal({})
    expect(Exit.isSuccess(exit) && Option.isNone(exit.value.provider)).toBe(true)
  })

  it("refuse MODEL_PROVIDER=meshy without a key, and an unknown provider", async () => {
    expect(Exit.isFailure(await loadPhotoreal({ MODEL_PROVIDER: "meshy" }))).toBe(true)
    expect(Exit.isFailure(await loadPhotoreal({ MODEL_PROVIDER: "tripo", MESHY_API_KEY: "k" }))).toBe(true)
    const on = await loadPhotoreal({ MODEL_PROVIDER: "meshy", MESHY_API_KEY: "msy_key" })
    expect(Exit.isSuccess(on) && on.value.meshyBaseUrl).toBe("https://api.meshy.ai")
  })
})
