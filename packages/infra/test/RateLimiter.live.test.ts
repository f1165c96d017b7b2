import { randomBytes } from "node:crypto"
import { ConfigProvider, Layer } from "effect"
import { AppConfigLive } from "../src/AppConfig.js"
import { RateLimiterLive, RateLimiterMemory } from "../src/RateLimiter.js"
import { RedisLive } from "../src/Redis.js"
import { rateLimiterContract } from "./RateLimiter.contract.js"

// The atomic Redis window on the local Redis (127.0.0.1:6379), under a key prefix of its own.
const config = ConfigProvider.fromMap(
  new Map([
    ["DATABASE_URL", "postgres://unused"],
    ["SESSION_SECRET", "x".repeat(40)],
    ["REDIS_KEY_PREFIX", `test:${randomBytes(5).toString("hex")}:`],
  ]),
)
const live = RateLimiterLive.pipe(
  Layer.provide(RedisLive),
  Layer.provide(AppConfigLive),
  Layer.provide(Layer.setConfigProvider(config)),
)

rateLimiterContract("RateLimiterLive (Redis)", live)
rateLimiterContract("RateLimiterMemory", RateLimiterMemory)
