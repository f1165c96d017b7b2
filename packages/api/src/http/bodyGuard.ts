import { LengthRequired, MAX_PHOTO_BYTES, MalformedJson, PayloadTooLarge, UnsupportedMediaType } from "@ardine/domain"
import { AppConfig } from "@ardine/infra"
import type { HttpApp } from "@effect/platform"
import * as HttpApiError from "@effect/platform/HttpApiError"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { Effect, Option } from "effect"
import { errorResponse } from "./errorResponse.js"

const tooLarge = (limitBytes: number) =>
  errorResponse(
    PayloadTooLarge,
    new PayloadTooLarge({ limitBytes, message: `The request body is larger than ${limitBytes} bytes` }),
    413,
  )

const unsupported = errorResponse(
  UnsupportedMediaType,
  new UnsupportedMediaType({ message: "Send the request body as application/json" }),
  415,
)

const lengthRequired = errorResponse(
  LengthRequired,
  new LengthRequired({ message: "Send JSON bodies with a Content-Length" }),
  411,
)

const malformed = (message: string) => errorResponse(MalformedJson, new MalformedJson({ message }), 400)

// The API's own bodies nest 3 levels; deeper input only exists to exhaust the stack of whatever walks it.
const MAX_JSON_DEPTH = 32

/** How deep arrays and objects nest, walked iteratively so the check itself cannot overflow. */
export const nestingDepth = (value: unknown): number => {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [current, depth] = stack.pop() ?? [undefined, 0]
    if (typeof current !== "object" || current === null) continue
    deepest = Math.max(deepest, depth + 1)
    if (deepest > MAX_JSON_DEPTH) return deepest
    for (const child of Object.values(current)) stack.push([child, depth + 1])
  }
  return deepest
}

const undecodable = (message: string) =>
  errorResponse(HttpApiError.HttpApiDecodeError, new HttpApiError.HttpApiDecodeError({ issues: [], message }), 400)

/** `--boundary--`, optionally followed by line breaks: a multipart body that was sent to its end. */
export const endsWithClosingBoundary = (bytes: Uint8Array, boundary: string): boolean => {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - boundary.length - 16))).toString("latin1")
  return tail.trimEnd().endsWith(`--${boundary}--`)
}

const MULTIPART_OVERHEAD = 64 * 1024
export const isUploadPath = (url: string) =>
  /^\/api\/restaurants\/[^/?]+\/dishes(\/[^/?]+\/photo)?\/?(\?.*)?$/.test(url)

/**
 * Before any handler: bodies are JSON (or multipart, which has its own limits), capped in size,
 * and well-formed — so a bad body is a clear 4xx instead of a parse failure deep in the router.
 * The JSON text read here is cached on the request, so the router does not read it twice.
 */
export const bodyGuard = <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const length = request.headers["content-length"]
    const hasBody = (length !== undefined && length !== "0") || request.headers["transfer-encoding"] !== undefined
    if (!hasBody) return yield* app
    const mediaType = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? ""
    if (mediaType === "multipart/form-data") {
      // Only photo uploads take multipart, and never much more than one photo.
      if (!isUploadPath(request.url)) return unsupported
      if (length === undefined) return lengthRequired
      if (Number(length) > MAX_PHOTO_BYTES + MULTIPART_OVERHEAD) return tooLarge(MAX_PHOTO_BYTES)
      const boundary = /boundary="?([^";]+)"?/i.exec(request.headers["content-type"] ?? "")?.[1]
      if (boundary === undefined) return undecodable("The multipart body has no boundary")
      // The whole (bounded) body is read first: a body that stops before its closing boundary is
      // refused here, instead of leaving the multipart parser waiting on a file part forever.
      const bytes = yield* request.arrayBuffer.pipe(
        HttpIncomingMessage.withMaxBodySize(Option.some(MAX_PHOTO_BYTES + MULTIPART_OVERHEAD)),
        Effect.either,
      )
      if (bytes._tag === "Left") return tooLarge(MAX_PHOTO_BYTES)
      if (!endsWithClosingBoundary(new Uint8Array(bytes.right), boundary)) {
        return undecodable("The multipart body is incomplete")
      }
      const replayed = HttpServerRequest.fromWeb(
        new Request(new URL(request.url, "http://localhost"), {
          method: request.method,
          headers: request.headers,
          body: bytes.right,
        }),
      ).modify(
        Option.match(request.remoteAddress, { onNone: () => ({}), onSome: (remoteAddress) => ({ remoteAddress }) }),
      )
      return yield* Effect.provideService(app, HttpServerRequest.HttpServerRequest, replayed)
    }
    if (mediaType !== "application/json") return unsupported
    const { maxJsonBodyBytes: limit } = yield* AppConfig
    // Without a length the only way to enforce the cap is to cut the connection mid-body, and then
    // the client never reads the 413; every browser and HTTP library sends a length for JSON.
    if (length === undefined) return lengthRequired
    if (Number(length) > limit) return tooLarge(limit)
    const text = yield* request.text.pipe(HttpIncomingMessage.withMaxBodySize(Option.some(limit)), Effect.either)
    if (text._tag === "Left") return tooLarge(limit)
    try {
      if (nestingDepth(JSON.parse(text.right)) > MAX_JSON_DEPTH) {
        return malformed(`The request body is nested more than ${MAX_JSON_DEPTH} levels deep`)
      }
    } catch (error) {
      return malformed(`The request body is not valid JSON: ${(error as Error).message}`)
    }
    return yield* app
  })
