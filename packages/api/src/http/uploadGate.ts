import { IncomingMessage } from "node:http"
import { SESSION_COOKIE, ServiceUnavailable, Unauthorized } from "@ardine/domain"
import { positiveInt } from "@ardine/infra"
import type { HttpApp } from "@effect/platform"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
// Deep import, as in server.ts: the package index would also bundle its HTTP client.
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import { Context, Effect, Layer, Option } from "effect"
import { Sessions } from "../auth/Sessions.js"
import { isUploadPath } from "./bodyGuard.js"
import { errorResponse } from "./errorResponse.js"

/**
 * How many photo uploads one API process reads and processes at once. Each holds up to 5 MB of body and
 * its decoded image; the rest wait, unread: TCP keeps their bytes on the client's side meanwhile.
 */
export class UploadSlots extends Context.Tag("@ardine/api/UploadSlots")<UploadSlots, Effect.Semaphore>() {}

export const UploadSlotsLive = Layer.effect(
  UploadSlots,
  Effect.flatMap(positiveInt("UPLOADS_IN_FLIGHT_MAX", 8), Effect.makeSemaphore),
)

const isUpload = (request: HttpServerRequest.HttpServerRequest) =>
  request.method === "POST" &&
  (request.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data") &&
  isUploadPath(request.url)

/** How long a refused upload's connection stays open after the answer, so the client can read it. */
const LINGER_MS = 2_000

/**
 * A refused body up to this size is read and dropped as Node does by default: the client may have sent it
 * whole (into the kernel's buffers) and reuse the connection. Larger ones are left unread (leaveBodyUnread).
 */
const DRAIN_MAX_BYTES = 1024 * 1024

/**
 * A refused upload's body (over DRAIN_MAX_BYTES) is never read. Node would read and discard the rest of it
 * after the answer (for 100 anonymous 5 MB uploads, ~50 MB of garbage in the process); marked as being read
 * and left paused, the body stays on the client's side (TCP holds it back), and the connection is closed once
 * the client had time to read the answer.
 */
const leaveBodyUnread = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.sync(() => {
    if (Number(request.headers["content-length"] ?? 0) <= DRAIN_MAX_BYTES) return
    const incoming: unknown = NodeHttpServerRequest.toIncomingMessage(request)
    // Only a request read from a Node socket has a body left to hold back.
    if (!(incoming instanceof IncomingMessage)) return
    incoming.pause()
    // Taking what Node has buffered (at most one 64 KB read) makes it ask for more, which marks the body as
    // being read by us: that is what keeps Node from draining it after the answer. Then it fills up to its
    // high-water mark again and the socket stops reading.
    incoming.read()
    const socket = incoming.socket
    const linger = setTimeout(() => socket.destroy(), LINGER_MS)
    linger.unref()
    socket.once("close", () => clearTimeout(linger))
  })

/**
 * Before a photo's body is read: the sender must be signed in (an anonymous 5 MB body is answered 401
 * without being read, beyond the first 64 KB Node reads with the request's head), and only UPLOADS_IN_FLIGHT_MAX uploads are read at a time. It sits inside
 * the rate limits and the cross-site guard, so they too are checked before the body. The handler checks
 * ownership of the restaurant as for any request.
 */
export const uploadGate = <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (!isUpload(request)) return yield* app
    const sessions = yield* Sessions
    const user = yield* Effect.either(sessions.userOf(request.cookies[SESSION_COOKIE] ?? ""))
    if (user._tag === "Left") {
      yield* leaveBodyUnread(request)
      return errorResponse(ServiceUnavailable, user.left, 503)
    }
    if (Option.isNone(user.right)) {
      yield* leaveBodyUnread(request)
      return errorResponse(Unauthorized, new Unauthorized({ message: "Please log in" }), 401)
    }
    const slots = yield* UploadSlots
    return yield* slots.withPermits(1)(app)
  })
