import { BlobStorage, type BucketKind, StorageUrls } from "@ardine/infra"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Effect, Option } from "effect"

const notFound = HttpServerResponse.unsafeJson(
  { _tag: "NotFound", resource: "object", message: "No such file" },
  { status: 404 },
)

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` against a known size; undefined for anything else (served whole). */
export const parseRange = (
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | undefined => {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (match === null) return undefined
  const [, from = "", to = ""] = match
  if (from === "" && to === "") return undefined
  const start = from === "" ? Math.max(0, size - Number(to)) : Number(from)
  const end = from === "" || to === "" ? size - 1 : Math.min(size - 1, Number(to))
  if (start > end || start >= size) return "unsatisfiable"
  return { start, end }
}

/**
 * Stored photos and models at `/storage/<bucket>/<key>` through the BlobStorage service, for
 * one-machine runs (behind nginx in Docker/Kubernetes, /storage/ goes straight to the object store).
 * Keys are content-addressed or versioned, so responses are cacheable forever; `.glb` supports ranges.
 */
export const StorageRouteLive = HttpApiBuilder.Router.use((router) =>
  Effect.gen(function* () {
    const storage = yield* BlobStorage
    const urls = yield* StorageUrls
    const kindOf = (bucket: string): BucketKind | undefined =>
      bucket === urls.buckets.images ? "images" : bucket === urls.buckets.models ? "models" : undefined

    yield* router.get(
      "/storage/:bucket/*",
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const params = yield* HttpRouter.params
        const kind = kindOf(params.bucket ?? "")
        const key = Option.liftThrowable(decodeURIComponent)(params["*"] ?? "")
        if (kind === undefined || Option.isNone(key)) return notFound
        const head = yield* storage.head(kind, key.value).pipe(Effect.option)
        if (Option.isNone(head)) return notFound
        const info = head.value
        const headers = {
          etag: info.etag,
          "cache-control": info.cacheControl ?? "public, max-age=31536000, immutable",
          "accept-ranges": "bytes",
          "cross-origin-resource-policy": "cross-origin",
        }
        if (request.headers["if-none-match"] === info.etag) return HttpServerResponse.empty({ status: 304, headers })
        const range = parseRange(request.headers.range, info.size)
        if (range === "unsatisfiable") {
          return HttpServerResponse.empty({
            status: 416,
            headers: { ...headers, "content-range": `bytes */${info.size}` },
          })
        }
        const download = yield* storage
          .download(kind, key.value, range === undefined ? {} : { range })
          .pipe(Effect.option)
        if (Option.isNone(download)) return notFound
        const length = range === undefined ? info.size : range.end - range.start + 1
        return HttpServerResponse.stream(download.value.stream, {
          status: range === undefined ? 200 : 206,
          contentType: info.contentType,
          contentLength: length,
          headers:
            range === undefined
              ? headers
              : { ...headers, "content-range": `bytes ${range.start}-${range.end}/${info.size}` },
        })
      }),
    )
  }),
)
