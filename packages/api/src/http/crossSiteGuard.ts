import { CrossSiteRequestRefused, SESSION_COOKIE } from "@ardine/domain"
import { AppConfig } from "@ardine/infra"
import type { HttpApp } from "@effect/platform"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { Effect } from "effect"
import { errorResponse } from "./errorResponse.js"

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"])

/**
 * CSRF defence for cookie-authenticated writes: a browser always says where a request comes from
 * (Sec-Fetch-Site, or at least Origin), and another site cannot forge either. Requests without a
 * session cookie are not ambient-authenticated, and non-browser clients send neither header.
 */
export const isCrossSite = (
  headers: Readonly<Record<string, string | undefined>>,
  allowedOrigins: ReadonlyArray<string>,
): boolean => {
  const site = headers["sec-fetch-site"]
  if (site !== undefined) return site !== "same-origin" && site !== "none"
  const origin = headers.origin
  if (origin === undefined) return false
  const host = headers.host
  const selfOrigins = host === undefined ? [] : [`http://${host}`, `https://${host}`]
  return !allowedOrigins.includes(origin) && !selfOrigins.includes(origin)
}

const hasSessionCookie = (cookie: string | undefined) =>
  cookie?.split(";").some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`))

export const crossSiteGuard = <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (safeMethods.has(request.method) || !hasSessionCookie(request.headers.cookie)) return yield* app
    const config = yield* AppConfig
    if (!isCrossSite(request.headers, config.appOrigins)) return yield* app
    yield* Effect.logWarning("refused a cross-site write with a session cookie").pipe(
      Effect.annotateLogs({ origin: request.headers.origin ?? "", fetchSite: request.headers["sec-fetch-site"] ?? "" }),
    )
    return errorResponse(
      CrossSiteRequestRefused,
      new CrossSiteRequestRefused({ message: "This request did not come from the Ardine app" }),
      403,
    )
  })
