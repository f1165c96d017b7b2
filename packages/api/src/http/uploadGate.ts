import { SESSION_COOKIE, ServiceUnavailable, Unauthorized } from "@ardine/domain"
import type { HttpApp } from "@effect/platform"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { Config, Context, Effect, Layer, Option } from "effect"
import { Sessions } from "../auth/Sessions.js"
import { isUploadPath } from "./bodyGuard.js"
import { errorResponse } from "./errorResponse.js"

/**
 * How many photo uploads one API process reads and processes at once. Each holds up to 5 MB of body and
 * its decoded image; the rest wait, unread: TCP keeps their bytes on the client's side meanwhile.
 */
export class UploadSlots extends Context.Tag("@ardine/api/UploadSlots")<UploadSlots, Effect.Semaphore>() {
  static readonly layer = Layer.effect(
    UploadSlots,
    Effect.flatMap(
      Config.integer("UPLOADS_IN_FLIGHT_MAX").pipe(
        Config.withDefault(8),
        Config.validate({ message: "must be a positive integer", validation: (n) => n > 0 }),
      ),
      Effect.makeSemaphore,
    ),
  )
}

const isUpload = (request: HttpServerRequest.HttpServerRequest) =>
  request.method === "POST" &&
  (request.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data") &&
  isUploadPath(request.url)

/**
 * Before a photo's body is read: the sender must be signed in (an anonymous 5 MB body is answered 401
 * without reading a byte of it), and only UPLOADS_IN_FLIGHT_MAX uploads are read at a time. It sits inside
 * the rate limits and the cross-site guard, so they too are checked before the body. The handler checks
 * ownership of the restaurant as for any request.
 */
export const uploadGate = <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (!isUpload(request)) return yield* app
    const sessions = yield* Sessions
    const user = yield* Effect.either(sessions.userOf(request.cookies[SESSION_COOKIE] ?? ""))
    if (user._tag === "Left") return errorResponse(ServiceUnavailable, user.left, 503)
    if (Option.isNone(user.right)) {
      return errorResponse(Unauthorized, new Unauthorized({ message: "Please log in" }), 401)
    }
    const slots = yield* UploadSlots
    return yield* slots.withPermits(1)(app)
  })
