import { MalformedJson, PayloadTooLarge, UnsupportedMediaType } from "@ardine/domain"
import { AppConfig } from "@ardine/infra"
import { type HttpApp, HttpIncomingMessage, HttpServerRequest } from "@effect/platform"
import { Effect, Option } from "effect"
import { errorResponse } from "./errorResponse.js"

const tooLarge = (limitBytes: number) =>
  errorResponse(
    PayloadTooLarge,
    new PayloadTooLarge({ limitBytes, message: `The request body is larger than ${limitBytes} bytes` }),
    413,
  )

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
    const contentType = (request.headers["content-type"] ?? "").toLowerCase()
    if (contentType.startsWith("multipart/form-data")) return yield* app
    if (!contentType.startsWith("application/json")) {
      return errorResponse(
        UnsupportedMediaType,
        new UnsupportedMediaType({ message: "Send the request body as application/json" }),
        415,
      )
    }
    const { maxJsonBodyBytes: limit } = yield* AppConfig
    if (length !== undefined && Number(length) > limit) return tooLarge(limit)
    const text = yield* request.text.pipe(HttpIncomingMessage.withMaxBodySize(Option.some(limit)), Effect.either)
    if (text._tag === "Left") return tooLarge(limit)
    try {
      JSON.parse(text.right)
    } catch (error) {
      return errorResponse(
        MalformedJson,
        new MalformedJson({ message: `The request body is not valid JSON: ${(error as Error).message}` }),
        400,
      )
    }
    return yield* app
  })
