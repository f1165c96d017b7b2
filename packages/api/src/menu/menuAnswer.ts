import { type ContentCoding, chooseCoding, etagForCoding } from "../http/compression.js"
import type { CachedMenu } from "./MenuCache.js"

// Diners may see a change a few seconds late; the ETag makes every revalidation cheap.
const menuCacheControl = "public, max-age=5, stale-while-revalidate=30"

/** Whether an If-None-Match header names this ETag (strong or weak form, or `*`). */
export const ifNoneMatchHits = (ifNoneMatch: string | undefined, etag: string) =>
  ifNoneMatch?.split(",").some((candidate) => {
    const tag = candidate.trim()
    return tag === "*" || tag === etag || tag === `W/${etag}`
  }) === true

export interface MenuAnswer {
  readonly status: 200 | 304
  readonly headers: Readonly<Record<string, string>>
  /** Absent on 304. */
  readonly body: Uint8Array | undefined
}

/**
 * The answer to a menu read, the same whichever path serves it (the API's handler, or MenuHits in front
 * of it): the encoded menu in the best coding the client accepts (compressed once, in the cache), or 304
 * when the diner already holds this version in that coding. Each coding is its own representation with
 * its own strong ETag, so a cache never answers a gzip request with brotli bytes.
 */
export const menuAnswer = (
  menu: CachedMenu,
  ifNoneMatch: string | undefined,
  acceptEncoding: string | undefined,
): MenuAnswer => {
  const offered = Object.keys(menu.encoded) as Array<ContentCoding>
  const coding = chooseCoding(acceptEncoding, offered)
  const etag = etagForCoding(menu.etag, coding)
  // The language is in the path, never negotiated: Accept-Encoding is all a cache has to key on.
  const cacheHeaders = { etag, "cache-control": menuCacheControl, vary: "Accept-Encoding" }
  if (ifNoneMatchHits(ifNoneMatch, etag)) return { status: 304, headers: cacheHeaders, body: undefined }
  const headers = { ...cacheHeaders, "content-type": "application/json", "content-language": menu.language }
  return coding === undefined
    ? { status: 200, headers, body: menu.body }
    : { status: 200, headers: { ...headers, "content-encoding": coding }, body: menu.encoded[coding] }
}
