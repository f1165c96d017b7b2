import { promisify } from "node:util"
import { brotliCompress, constants, gzip } from "node:zlib"
import type { HttpApp } from "@effect/platform"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Effect } from "effect"

/** The content codings Ardine sends, best first: brotli is 10-20% smaller than gzip on our JS and JSON. */
export type ContentCoding = "br" | "gzip"
export const contentCodings: ReadonlyArray<ContentCoding> = ["br", "gzip"]
/** The file a build compressed ahead of time is kept in, beside the original (x.js.br, x.js.gz). */
export const precompressedSuffix: Readonly<Record<ContentCoding, string>> = { br: ".br", gzip: ".gz" }

/**
 * Bodies smaller than this go out as they are. Below 1 KiB compression saves a few hundred bytes at most,
 * which seldom spares a TCP packet, while each compression sets up a compressor (brotli and zlib allocate
 * tens to hundreds of KiB of state) on the answers the API gives most often: orders, health, 304s.
 */
export const compressMinBytes = 1024

// Text formats; never text/event-stream (a compressor holds events back until it has a block to emit).
const compressibleType =
  /^(?:text\/(?!event-stream)|application\/(?:json|javascript|xml|manifest\+json|[\w.-]+\+json)|image\/svg\+xml)/i

export const isCompressible = (contentType: string | undefined) =>
  contentType !== undefined && compressibleType.test(contentType)

/**
 * The coding to answer with among `offered`, from the request's Accept-Encoding (RFC 9110 §12.5.3): the
 * highest q wins, ties go to the order of `offered`; `*` stands for codings not named; q=0 refuses one.
 * Undefined means identity (no header, or nothing offered is acceptable).
 */
export const chooseCoding = (
  acceptEncoding: string | undefined,
  offered: ReadonlyArray<ContentCoding> = contentCodings,
): ContentCoding | undefined => {
  if (acceptEncoding === undefined || acceptEncoding === "") return undefined
  const weights = new Map<string, number>()
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.split(";")
    const coding = name.trim().toLowerCase()
    if (coding === "") continue
    const q = params.map((param) => param.trim().toLowerCase()).find((param) => param.startsWith("q="))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    weights.set(coding, Number.isFinite(weight) ? weight : 0)
  }
  let best: ContentCoding | undefined
  let bestWeight = 0
  for (const coding of offered) {
    const weight =
      weights.get(coding) ?? (coding === "gzip" ? weights.get("x-gzip") : undefined) ?? weights.get("*") ?? 0
    if (weight > bestWeight) {
      best = coding
      bestWeight = weight
    }
  }
  return best
}

/** A representation's own strong ETag per coding (RFC 9110 §8.8.3): `"abc"` becomes `"abc-br"`. */
export const etagForCoding = (etag: string, coding: ContentCoding | undefined) =>
  coding === undefined ? etag : etag.endsWith('"') ? `${etag.slice(0, -1)}-${coding}"` : etag

/** Adds Accept-Encoding to a Vary header value, once. */
export const varyOnAcceptEncoding = (vary: string | undefined) =>
  vary === undefined || vary === ""
    ? "Accept-Encoding"
    : vary
          .split(",")
          .map((name) => name.trim().toLowerCase())
          .some((name) => name === "accept-encoding" || name === "*")
      ? vary
      : `${vary}, Accept-Encoding`

const brotliAsync = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/**
 * Compresses on libuv's thread pool, off the event loop. `once`: the highest levels, for bytes compressed
 * once and sent many times (a cached menu); `perRequest`: levels about as fast as gzip's default, for
 * answers made for one request.
 */
export const compressBytes = (bytes: Uint8Array, coding: ContentCoding, effort: "once" | "perRequest") =>
  coding === "br"
    ? brotliAsync(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: effort === "once" ? constants.BROTLI_MAX_QUALITY : 5,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
        },
      })
    : gzipAsync(bytes, { level: effort === "once" ? constants.Z_BEST_COMPRESSION : constants.Z_DEFAULT_COMPRESSION })

/**
 * Every coding of `bytes` that is smaller than `bytes` (none under compressMinBytes), for bodies prepared
 * once and answered many times (`once`: the highest levels). A coding that fails is left out (identity).
 */
export const precompress = (bytes: Uint8Array, effort: "once" | "perRequest" = "once") =>
  bytes.byteLength < compressMinBytes
    ? Effect.succeed<Partial<Record<ContentCoding, Uint8Array>>>({})
    : Effect.map(
        Effect.forEach(contentCodings, (coding) =>
          Effect.tryPromise(() => compressBytes(bytes, coding, effort)).pipe(
            Effect.map((encoded) => (encoded.byteLength < bytes.byteLength ? [[coding, encoded] as const] : [])),
            Effect.orElseSucceed(() => []),
          ),
        ),
        (pairs): Partial<Record<ContentCoding, Uint8Array>> => Object.fromEntries(pairs.flat()),
      )

/**
 * Compresses an answer's body for the client when it is text of at least compressMinBytes held in memory.
 * Left alone: answers already encoded (precompressed static files, the cached menu), streams (server-sent
 * events are never compressed: a compressor would hold events back), partial content, and small bodies.
 * Vary: Accept-Encoding goes on every answer whose encoding depends on it, compressed or not.
 */
export const compressResponse = (
  acceptEncoding: string | undefined,
  response: HttpServerResponse.HttpServerResponse,
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  const body = response.body
  if (
    body._tag !== "Uint8Array" ||
    response.status === 206 ||
    response.headers["content-encoding"] !== undefined ||
    body.contentLength < compressMinBytes ||
    !isCompressible(body.contentType)
  ) {
    return Effect.succeed(response)
  }
  const varied = HttpServerResponse.setHeader(response, "vary", varyOnAcceptEncoding(response.headers.vary))
  const coding = chooseCoding(acceptEncoding)
  if (coding === undefined) return Effect.succeed(varied)
  return Effect.tryPromise(() => compressBytes(body.body, coding, "perRequest")).pipe(
    Effect.map((encoded) => {
      if (encoded.byteLength >= body.contentLength) return varied
      const etag = varied.headers.etag
      return HttpServerResponse.setBody(
        HttpServerResponse.setHeaders(varied, {
          "content-encoding": coding,
          ...(etag !== undefined && { etag: etagForCoding(etag, coding) }),
        }),
        HttpBody.uint8Array(encoded, body.contentType),
      )
    }),
    Effect.orElseSucceed(() => varied),
  )
}

/** Middleware: compressResponse on every answer of `app`. */
export const compressResponses = <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
    Effect.flatMap(app, (response) => compressResponse(request.headers["accept-encoding"], response)),
  )
