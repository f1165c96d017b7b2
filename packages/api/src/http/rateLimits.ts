import { RateLimited } from "@ardine/domain"
import { AppConfig, RateLimiter } from "@ardine/infra"
import type { HttpApp } from "@effect/platform"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Effect } from "effect"
import { clientAddress } from "./clientAddress.js"
import { errorResponse } from "./errorResponse.js"

type Bucket = "auth" | "public" | "api"

/** Every bucket counts per minute. */
export const rateLimitWindowMs = 60_000

/**
 * Which limit a request counts against. A dining room shares one public IP, so diner reads
 * (menu, order status) get a budget sized for a busy room; sign-up and log-in stay strict.
 */
export const bucketFor = (method: string, path: string): Bucket | undefined => {
  if (!path.startsWith("/api/") || path.startsWith("/api/health/")) return undefined
  if (method === "POST" && (path === "/api/auth/login" || path === "/api/auth/signup")) return "auth"
  // A short table code typed from a printed card counts as a diner read too (its 60 bits make guessing at
  // this rate hopeless: see TableCode).
  if (
    method === "GET" &&
    (path.startsWith("/api/menu/") || path.startsWith("/api/orders/") || path.startsWith("/api/tables/"))
  )
    return "public"
  return "api"
}

export const rateLimits = <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const bucket = bucketFor(request.method, request.url.split("?")[0] ?? "")
    if (bucket === undefined) return yield* app
    const config = yield* AppConfig
    const limiter = yield* RateLimiter
    const limit = {
      auth: config.rateLimits.authPerMinute,
      public: config.rateLimits.publicPerMinute,
      api: config.rateLimits.apiPerMinute,
    }[bucket]
    const decision = yield* limiter.consume(bucket, clientAddress(request, config), limit, rateLimitWindowMs)
    if (!decision.allowed) {
      const retryAfter = String(decision.retryAfterSeconds)
      return errorResponse(
        RateLimited,
        new RateLimited({
          retryAfterSeconds: decision.retryAfterSeconds,
          message: `Too many requests; try again in ${retryAfter} s`,
        }),
        429,
        { "retry-after": retryAfter },
      )
    }
    const response = yield* app
    return HttpServerResponse.setHeader(response, "ratelimit-remaining", String(decision.remaining))
  })
