import type { IncomingMessage, ServerResponse } from "node:http"
import { AppConfig } from "@ardine/infra"
import { Context, Effect, Layer, Runtime } from "effect"
import { clientAddressOf } from "../http/clientAddress.js"
import { rateLimitWindowMs } from "../http/rateLimits.js"
import { recordRequest, requestIdFrom } from "../http/requestLog.js"
import { apiSecurityHeaders, transportSecurityHeaders } from "../http/securityHeaders.js"
import { MenuCache } from "./MenuCache.js"
import { menuAnswer } from "./menuAnswer.js"
import { PublicReadCounter } from "./PublicRateLimiter.js"

/**
 * The diner's menu read, answered in front of the HTTP framework when it is a cache hit. A hit is a map
 * lookup and a write of prepared bytes, and the framework's per-request work (routing, decoding, fibers
 * for each middleware) cost several times that: serving hits here is what lets one process answer
 * thousands of diners a second (docs/PERFORMANCE.md). What a diner and an operator see is the same as from
 * the API's own handler: the same body, ETag and 304s (menuAnswer), the same security and rate-limit
 * headers and x-request-id, the same public rate limit, the same latency metric and log line. Hits are not
 * traced (a span each would cost more than the hit itself).
 */
export class MenuHits extends Context.Tag("@ardine/api/MenuHits")<
  MenuHits,
  {
    /**
     * Answers `GET /api/menu/:slug` or `/api/menu/:slug/:language` if that menu is cached and the client is within its limit, and says
     * whether it did. Anything else (a miss, a refusal, a query string, a body) is left to the API.
     */
    readonly answer: (request: IncomingMessage, response: ServerResponse) => boolean
  }
>() {}

// Only slugs and languages already in the cache can hit, and those were validated when their menu was loaded.
const menuPath = /^\/api\/menu\/([^/?]+(?:\/[^/?]+)?)$/

const headerOf = (value: string | ReadonlyArray<string> | undefined) => (typeof value === "string" ? value : undefined)

const hasBody = (request: IncomingMessage) =>
  request.headers["transfer-encoding"] !== undefined ||
  (request.headers["content-length"] !== undefined && request.headers["content-length"] !== "0")

export const MenuHitsLive = Layer.effect(
  MenuHits,
  Effect.gen(function* () {
    const menus = yield* MenuCache
    const reads = yield* PublicReadCounter
    const config = yield* AppConfig
    // The metric and the log line go through the same runtime (logger, level, metrics) as every request.
    const runSync = Runtime.runSync(yield* Effect.runtime<never>())

    const answerHit = (request: IncomingMessage, response: ServerResponse) => {
      const started = performance.now()
      const url = request.url ?? ""
      if (request.method !== "GET" || hasBody(request)) return false
      const key = menuPath.exec(url)?.[1]
      const menu = key === undefined ? undefined : menus.peek(key)
      if (menu === undefined) return false
      const client = clientAddressOf(headerOf(request.headers["x-forwarded-for"]), request.socket.remoteAddress, config)
      const limit = config.rateLimits.publicPerMinute
      // Over the limit: the API counts this read and answers the 429, so it is counted once either way.
      if (!reads.wouldAllow(client, limit, rateLimitWindowMs)) return false
      const decision = reads.consume(client, limit, rateLimitWindowMs)
      const requestId = requestIdFrom(headerOf(request.headers["x-request-id"]))
      const { status, headers, body } = menuAnswer(
        menu,
        headerOf(request.headers["if-none-match"]),
        headerOf(request.headers["accept-encoding"]),
      )
      response.writeHead(status, {
        ...apiSecurityHeaders,
        ...transportSecurityHeaders(config),
        ...headers,
        ...(body !== undefined && { "content-length": String(body.byteLength) }),
        "ratelimit-remaining": String(decision.remaining),
        "x-request-id": requestId,
      })
      response.end(body)
      runSync(recordRequest({ requestId, method: "GET", url, status, started }))
      return true
    }

    // Runs inside the server's "request" event, where a throw would take the process down: whatever goes
    // wrong before the answer has started is left to the API; after, the connection is cut.
    const answer = (request: IncomingMessage, response: ServerResponse) => {
      try {
        return answerHit(request, response)
      } catch {
        if (!response.headersSent) return false
        response.destroy()
        return true
      }
    }
    return { answer }
  }),
)
