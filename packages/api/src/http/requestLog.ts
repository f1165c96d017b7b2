import { randomUUID } from "node:crypto"
import { InternalError, MAX_PHOTO_BYTES, PayloadTooLarge, RouteNotFound } from "@ardine/domain"
import { AppMetrics } from "@ardine/infra"
import type { HttpApp } from "@effect/platform"
import * as HttpApiError from "@effect/platform/HttpApiError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Cause, Effect, Metric, Option, Predicate } from "effect"
import { errorResponse } from "./errorResponse.js"

// Order tokens are bearer secrets: they never reach a log line. Neither do a table's token (a query string:
// dropped) and the short code printed on its card (/t/<code>, /api/tables/<code>): each lets anyone order there.
export const redactPath = (url: string) =>
  (url.split("?")[0] ?? "")
    .replace(/^\/api\/orders\/[^/]+/, "/api/orders/:token")
    .replace(/^\/(api\/tables|t)\/[^/]+/, "/$1/:code")

const multipartResponse = (reason: string) =>
  reason === "FileTooLarge" || reason === "BodyTooLarge"
    ? errorResponse(
        PayloadTooLarge,
        new PayloadTooLarge({ limitBytes: MAX_PHOTO_BYTES, message: "The photo is larger than 5 MB" }),
        413,
      )
    : errorResponse(
        HttpApiError.HttpApiDecodeError,
        new HttpApiError.HttpApiDecodeError({
          issues: [],
          message: `The multipart body could not be read (${reason})`,
        }),
        400,
      )

// Ids and tokens become placeholders, so the latency histogram has one series per route, not per dish.
const routeOf = (url: string) =>
  redactPath(url)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id")
    .replace(/^\/api\/menu\/[^/]+/, "/api/menu/:slug")
    .replace(/^\/(storage|assets)\/.*/, "/$1/*")

/** A multipart body the parser refused (defects in the router): the client's mistake, not ours. */
const multipartFailure = (cause: Cause.Cause<unknown>) =>
  Option.filter(
    Cause.dieOption(cause),
    (d): d is { readonly _tag: "MultipartError"; readonly reason: string } =>
      Predicate.isTagged(d, "MultipartError") && Predicate.hasProperty(d, "reason") && typeof d.reason === "string",
  )

const isRouteNotFound = (cause: Cause.Cause<unknown>) =>
  Option.exists(
    Cause.failureOption(cause),
    (e) => typeof e === "object" && e !== null && "_tag" in e && e._tag === "RouteNotFound",
  )

/** The client's X-Request-Id when it looks like one, else a new id. */
export const requestIdFrom = (incoming: string | undefined) =>
  incoming !== undefined && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID()

/**
 * What every answered request leaves behind: its duration in the latency histogram (one series per route
 * and status) and one log line (method, path, status, duration; never bodies, cookies or tokens).
 */
export const recordRequest = (request: {
  readonly requestId: string
  readonly method: string
  readonly url: string
  readonly status: number
  /** performance.now() when the request arrived. */
  readonly started: number
}) => {
  const elapsedMs = performance.now() - request.started
  return Metric.update(
    AppMetrics.httpRequestDuration.pipe(
      Metric.tagged("http.request.method", request.method),
      Metric.tagged("http.route", routeOf(request.url)),
      Metric.tagged("http.response.status_code", String(request.status)),
    ),
    elapsedMs / 1000,
  ).pipe(
    Effect.zipRight(
      Effect.logInfo("request").pipe(
        Effect.annotateLogs({
          requestId: request.requestId,
          method: request.method,
          path: redactPath(request.url),
          status: request.status,
          durationMs: Math.round(elapsedMs * 10) / 10,
        }),
      ),
    ),
  )
}

/**
 * Outermost: gives every request an id (echoed as x-request-id), records it (recordRequest), and
 * turns anything unexpected into a 500 with a stable `_tag` while the cause goes to the log.
 */
export const requestLog = <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const requestId = requestIdFrom(request.headers["x-request-id"])
    const started = performance.now()
    const response = yield* app.pipe(
      Effect.catchAllCause((cause) =>
        Option.isSome(multipartFailure(cause))
          ? Effect.succeed(multipartResponse(Option.getOrThrow(multipartFailure(cause)).reason))
          : isRouteNotFound(cause)
            ? Effect.succeed(errorResponse(RouteNotFound, new RouteNotFound({ message: "No such API route" }), 404))
            : Effect.logError("request failed", cause).pipe(
                Effect.as(
                  errorResponse(
                    InternalError,
                    new InternalError({ requestId, message: "Something went wrong on our side" }),
                    500,
                  ),
                ),
              ),
      ),
      Effect.annotateLogs("requestId", requestId),
    )
    yield* recordRequest({ requestId, method: request.method, url: request.url, status: response.status, started })
    return HttpServerResponse.setHeader(response, "x-request-id", requestId)
  })
