import {
  ConstraintViolation,
  CrossSiteRequestRefused,
  InternalError,
  LengthRequired,
  MalformedJson,
  PayloadTooLarge,
  RateLimited,
  RouteNotFound,
  ServiceUnavailable,
  UnsupportedMediaType,
} from "@ardine/domain"
import { HttpApiDecodeError } from "@effect/platform/HttpApiError"
import { Either, Schema } from "effect"
import {
  type NetworkError,
  networkError,
  type Outcome,
  type UnexpectedResponse,
  unexpectedResponse,
} from "./outcome.js"

// A small typed fetch for the diner's few public endpoints. The full HttpApiClient (client.ts) is
// built from the whole contract and was about a sixth of the diner's first JavaScript; this one
// still encodes the payload and decodes every answer and error body with the domain schemas the
// server uses, so nothing unchecked reaches a screen. test/publicEndpoints.test.ts keeps each
// endpoint's schemas and errors in step with ArdineApi.

/** Errors every endpoint of the API may answer (ArdineApi's own, and a request it could not decode). */
export const apiWideErrors = [
  MalformedJson,
  PayloadTooLarge,
  UnsupportedMediaType,
  RouteNotFound,
  LengthRequired,
  RateLimited,
  CrossSiteRequestRefused,
  ServiceUnavailable,
  InternalError,
  ConstraintViolation,
  HttpApiDecodeError,
] as const

type ApiWideError = Schema.Schema.Type<(typeof apiWideErrors)[number]>

export interface Endpoint<A, I, E, EI> {
  readonly method: "GET" | "POST"
  /** The success body's schema. */
  readonly success: Schema.Schema<A, I>
  /** The endpoint's own error bodies (the API-wide ones are added). */
  readonly errors: Schema.Schema<E, EI>
}

export type FetchError<E> = E | ApiWideError | NetworkError | UnexpectedResponse

export interface Request<P, PI> {
  readonly url: string
  readonly headers?: Readonly<Record<string, string>>
  readonly payload?: { readonly schema: Schema.Schema<P, PI>; readonly value: P }
}

const jsonOf = async (response: Response): Promise<Either.Either<unknown, string>> => {
  try {
    return Either.right(await response.json())
  } catch (error) {
    return Either.left(`${response.status} with a body that is not JSON: ${String(error)}`)
  }
}

/** Sends one request; resolves to an Outcome and never rejects. */
export const typedFetch = async <A, I, E, EI, P = never, PI = never>(
  endpoint: Endpoint<A, I, E, EI>,
  request: Request<P, PI>,
): Promise<Outcome<A, FetchError<E>>> => {
  const headers: Record<string, string> = { accept: "application/json", ...request.headers }
  let body: string | null = null
  if (request.payload !== undefined) {
    const encoded = Schema.encodeEither(request.payload.schema)(request.payload.value)
    if (Either.isLeft(encoded)) return { ok: false, error: unexpectedResponse(String(encoded.left)) }
    body = JSON.stringify(encoded.right)
    headers["content-type"] = "application/json"
  }
  let response: Response
  try {
    response = await fetch(request.url, { method: endpoint.method, headers, body })
  } catch (error) {
    return { ok: false, error: networkError(String(error)) }
  }
  const json = await jsonOf(response)
  if (Either.isLeft(json)) return { ok: false, error: unexpectedResponse(json.left) }
  if (response.ok) {
    const value = Schema.decodeUnknownEither(endpoint.success)(json.right)
    return Either.isRight(value)
      ? { ok: true, value: value.right }
      : { ok: false, error: unexpectedResponse(String(value.left)) }
  }
  const error = Schema.decodeUnknownEither(Schema.Union(endpoint.errors, ...apiWideErrors))(json.right)
  return {
    ok: false,
    error: Either.isRight(error) ? error.right : unexpectedResponse(`${response.status}: ${String(error.left)}`),
  }
}
