import { readFile, stat } from "node:fs/promises"
import { extname, join, normalize, resolve, sep } from "node:path"
import { fileURLToPath } from "node:url"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Config, Effect, Option } from "effect"
import { chooseCoding, isCompressible, precompressedSuffix } from "./compression.js"

/** The SPA's own policy: model-viewer needs wasm, blob: workers and one hashed shadow-root style. */
export const webAppPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'sha256-PXtZZkJMMyc18o/DN1ZEFOJ2qEGq95IQbVaJFMOXOb0='",
  "img-src 'self' data: blob:",
  "connect-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ")

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
}

const defaultDist = fileURLToPath(new URL("../../../web/dist", import.meta.url))

export const webDistConfig = Config.string("WEB_DIST_DIR").pipe(Config.withDefault(defaultDist))

/** The request's path with %-escapes decoded, or undefined when they are not valid UTF-8. */
const decodedPath = (url: string): string | undefined => {
  try {
    return decodeURIComponent(new URL(url, "http://x").pathname)
  } catch {
    return undefined
  }
}

/**
 * For one-machine runs the API also serves the built SPA (in Docker and Kubernetes nginx does):
 * files from WEB_DIST_DIR, hashed assets cached for a year, and index.html for every client-side
 * route. API and storage paths never fall through to the SPA: an unknown one stays a JSON 404.
 */
export const WebAppLive = HttpApiBuilder.Router.use((router) =>
  Effect.gen(function* () {
    const root = resolve(yield* webDistConfig)
    const file = (path: string) =>
      Effect.tryPromise(async () => {
        const info = await stat(path)
        return info.isFile() ? await readFile(path) : undefined
      }).pipe(Effect.orElseSucceed(() => undefined))

    // The build's own compressed copy of a file (x.js.br, x.js.gz beside x.js, written once by `vite build`),
    // in the best coding the client accepts that the build has; identity when there is none.
    const precompressed = (path: string, bytes: Uint8Array, acceptEncoding: string | undefined) =>
      Effect.gen(function* () {
        const contentType = contentTypes[extname(path)] ?? "application/octet-stream"
        if (!isCompressible(contentType)) return { bytes, contentType, headers: {} }
        const codings = new Set([chooseCoding(acceptEncoding), chooseCoding(acceptEncoding, ["gzip"])])
        for (const coding of codings) {
          if (coding === undefined) continue
          const encoded = yield* file(`${path}${precompressedSuffix[coding]}`)
          if (encoded !== undefined) {
            return { bytes: encoded, contentType, headers: { "content-encoding": coding, vary: "Accept-Encoding" } }
          }
        }
        return { bytes, contentType, headers: {} }
      })

    yield* router.get(
      "/*",
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const pathname = decodedPath(request.url)
        if (pathname === undefined) {
          return HttpServerResponse.unsafeJson(
            { _tag: "RouteNotFound", message: "The path is not valid percent-encoding" },
            { status: 404 },
          )
        }
        if (pathname.startsWith("/api/") || pathname.startsWith("/storage/")) {
          return HttpServerResponse.unsafeJson(
            { _tag: "RouteNotFound", message: `${request.method} ${pathname} not found` },
            { status: 404 },
          )
        }
        const candidate = normalize(join(root, pathname))
        // The separator matters: without it a sibling folder named like the build (`dist-x`) would pass.
        const inside = candidate.startsWith(root + sep)
        const asset = inside && extname(candidate) !== "" ? yield* file(candidate) : undefined
        const served = asset === undefined ? Option.none() : Option.some({ bytes: asset, path: candidate })
        const acceptEncoding = request.headers["accept-encoding"]
        if (Option.isSome(served)) {
          const immutable = pathname.startsWith("/assets/")
          const answer = yield* precompressed(served.value.path, served.value.bytes, acceptEncoding)
          return HttpServerResponse.uint8Array(answer.bytes, {
            contentType: answer.contentType,
            headers: {
              ...answer.headers,
              "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
              // A policy governs documents; the hashed scripts and styles under /assets/ go without (as behind nginx).
              ...(immutable ? {} : { "content-security-policy": webAppPolicy }),
            },
          })
        }
        const index = yield* file(join(root, "index.html"))
        if (index === undefined) {
          return HttpServerResponse.text("The web app is not built: run `npx vite build packages/web`.", {
            status: 503,
          })
        }
        const page = yield* precompressed(join(root, "index.html"), index, acceptEncoding)
        return HttpServerResponse.uint8Array(page.bytes, {
          contentType: page.contentType,
          headers: { ...page.headers, "cache-control": "no-cache", "content-security-policy": webAppPolicy },
        })
      }),
    )
  }),
)
