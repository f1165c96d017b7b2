import { randomUUID } from "node:crypto"
import { InternalError, MAX_PHOTO_BYTES, PayloadTooLarge, RouteNotFound } from "@ardine/domain"
import { AppMetrics } from "@ardine/infra"
import type { HttpApp } from "@effect/platform"
import * as HttpApiError from "@effect/platform/HttpApiError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Cause, Effect, Metric, Option, Predicate } from "effect"
import { errorResponse } from "./errorResponse.js"

// Order tokens are bearer secrets: they never reach a log line.
const redactPath = (url: string) => (url.split("?")[0] ?? "").replace(/^\/api\/orders\/[^/]+/, "/api/orders/:token")

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

/**
 * Outermost: gives every request an id (echoed as x-request-id), logs one structured line per
 * request (method, path, status, duration — never bodies, cookies or tokens), and turns anything
 * unexpected into a 500 with a stable `_tag` while the cause goes to the log.
 */
export const requestLog = <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const incoming = request.headers["x-request-id"]
    const requestId = incoming !== undefined && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID()
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
    const seconds = (performance.now() - started) / 1000
    yield* Metric.update(
      AppMetrics.httpRequestDuration.pipe(
        Metric.tagged("http.request.method", request.method),
        Metric.tagged("http.route", routeOf(request.url)),
        Metric.tagged("http.response.status_code", String(response.status)),
      ),
      seconds,
    )
    yield* Effect.logInfo("request").pipe(
      Effect.annotateLogs({
        requestId,
        method: request.method,
        path: redactPath(request.url),
        status: response.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      }),
    )
    return HttpServerResponse.setHeader(response, "x-request-id", requestId)
  })
