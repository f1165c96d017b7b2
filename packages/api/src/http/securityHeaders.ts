import { AppConfig, type AppSettings } from "@ardine/infra"
import type { HttpApp } from "@effect/platform"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Effect } from "effect"

// The API answers JSON, so its pages may load nothing; only the bundled API docs page needs its inline script and style.
const apiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
const docsPolicy =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"

const common = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-site",
} as const

// The app's pages may use the camera (owners photograph dishes) and AR; the API never does.
const apiPermissions = "camera=(), microphone=(), geolocation=()"
const appPermissions = "camera=(self), xr-spatial-tracking=(self), microphone=(), geolocation=()"

/** The security headers of an API answer that sets no policy of its own (MenuHits writes them too). */
export const apiSecurityHeaders: Readonly<Record<string, string>> = {
  ...common,
  "permissions-policy": apiPermissions,
  "content-security-policy": apiPolicy,
}

/**
 * HSTS when the app is served over https (its first APP_ORIGIN): TLS usually ends at a proxy in front,
 * so the API's own socket cannot tell. Browsers ignore the header over plain http anyway.
 */
export const transportSecurityHeaders = (config: Pick<AppSettings, "appOrigins">): Record<string, string> =>
  config.appOrigins[0]?.startsWith("https:") === true
    ? { "strict-transport-security": "max-age=31536000; includeSubDomains" }
    : {}

export const securityHeaders = <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const config = yield* AppConfig
    const response = yield* app
    if (request.url.startsWith("/assets/")) {
      // Hashed scripts and styles: the document-only headers (CSP, permissions, opener, framing and referrer
      // policies) do nothing on them, and on a phone each one costs bytes on every file; nginx's /assets/
      // location sends the same set.
      return HttpServerResponse.setHeaders(response, {
        "x-content-type-options": common["x-content-type-options"],
        "cross-origin-resource-policy": common["cross-origin-resource-policy"],
        ...transportSecurityHeaders(config),
      })
    }
    const policy = request.url.startsWith("/api/docs") ? docsPolicy : apiPolicy
    const isApi = request.url.startsWith("/api/") || request.url.startsWith("/storage/")
    return HttpServerResponse.setHeaders(response, {
      ...common,
      ...transportSecurityHeaders(config),
      "permissions-policy": isApi ? apiPermissions : appPermissions,
      "content-security-policy": response.headers["content-security-policy"] ?? policy,
    })
  })
