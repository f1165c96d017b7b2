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
 * of it): the encoded menu, or 304 when the diner already holds this version.
 */
export const menuAnswer = (menu: CachedMenu, ifNoneMatch: string | undefined): MenuAnswer => {
  const cacheHeaders = { etag: menu.etag, "cache-control": menuCacheControl }
  return ifNoneMatchHits(ifNoneMatch, menu.etag)
    ? { status: 304, headers: cacheHeaders, body: undefined }
    : { status: 200, headers: { ...cacheHeaders, "content-type": "application/json" }, body: menu.body }
}
