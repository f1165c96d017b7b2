// Compressed answers from the API: the cached menu (both paths), other JSON, the SPA's build files, and
// what is never compressed (small bodies, images, server-sent events). Raw HTTP, so nothing is decoded for us.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { request } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { chooseCoding } from "../src/http/compression.js"
import { ownerWithMenu } from "./support/fixtures.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

interface Raw {
  readonly status: number
  readonly headers: Record<string, string | Array<string> | undefined>
  readonly body: Buffer
}

let api: TestApi
let dist: string

/** One GET as sent, the body as received (Node's fetch would decode it). */
const get = (path: string, headers: Record<string, string> = {}): Promise<Raw> =>
  new Promise((resolve, reject) => {
    const req = request(`${api.baseUrl}${path}`, { headers }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (chunk: Buffer) => chunks.push(chunk))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on("error", reject)
    })
    req.on("error", reject)
    req.end()
  })

const decode = (reply: Raw) => {
  const coding = reply.headers["content-encoding"]
  if (coding === "br") return brotliDecompressSync(reply.body)
  if (coding === "gzip") return gunzipSync(reply.body)
  expect(coding).toBeUndefined()
  return reply.body
}

const bundle = `${"export const dish = { name: 'Soup', priceMinor: 450 };\n".repeat(400)}`
const plainCss = `${".dish { color: #333; margin: 0 auto; }\n".repeat(200)}`
const png = Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(4096, 7)])

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), "ardine-web-"))
  await mkdir(join(dist, "assets"))
  await writeFile(join(dist, "index.html"), "<!doctype html><title>Ardine</title>")
  // As `vite build` leaves them: the file, and its brotli and gzip copies beside it.
  await writeFile(join(dist, "assets", "app-1a2b.js"), bundle)
  await writeFile(join(dist, "assets", "app-1a2b.js.br"), brotliCompressSync(bundle))
  await writeFile(join(dist, "assets", "app-1a2b.js.gz"), gzipSync(bundle))
  await writeFile(join(dist, "assets", "plain-3c4d.css"), plainCss)
  await writeFile(join(dist, "assets", "photo-5e6f.png"), png)
  api = await startTestApi({ WEB_DIST_DIR: dist, MENU_CACHE_TTL_MS: "600000" })
})
afterAll(async () => {
  await api.close()
  await rm(dist, { recursive: true, force: true })
})

/** A menu big enough to be compressed (over 1 KiB of JSON). */
const biggerMenu = async () => {
  const menu = await ownerWithMenu(api)
  for (let i = 0; i < 6; i++) {
    await api.db.query(
      `INSERT INTO dishes (restaurant_id, name, category, price_minor, description, published, allergens_confirmed)
       VALUES ($1, $2, 'Mains', 1200, $3, true, true)`,
      [menu.restaurant.id, `Dish ${i}`, "Slow-cooked with thyme, garlic and a little white wine. ".repeat(3)],
    )
  }
  return menu
}

describe("choosing a content coding from Accept-Encoding", () => {
  it("prefers brotli, honours q-values, * and refusals", () => {
    expect(chooseCoding("gzip, deflate, br, zstd")).toBe("br")
    expect(chooseCoding("gzip, deflate")).toBe("gzip")
    expect(chooseCoding("br;q=0.5, gzip")).toBe("gzip")
    expect(chooseCoding("br;q=0, *")).toBe("gzip")
    expect(chooseCoding("*")).toBe("br")
    expect(chooseCoding("x-gzip")).toBe("gzip")
    expect(chooseCoding("identity")).toBeUndefined()
    expect(chooseCoding("gzip;q=0, br;q=0")).toBeUndefined()
    expect(chooseCoding(undefined)).toBeUndefined()
    expect(chooseCoding("BR;Q=1")).toBe("br")
    expect(chooseCoding("br, gzip", ["gzip"])).toBe("gzip")
  })
})

describe("the diner's menu, compressed once per cached version", () => {
  it("answers brotli, gzip or identity by Accept-Encoding, each its own ETag, the same bytes decoded, on both paths", async () => {
    const { slug } = await biggerMenu()
    // The query string sends the read through the API's handler; without it, MenuHits answers from the cache.
    for (const path of [`/api/menu/${slug}?via=api`, `/api/menu/${slug}`]) {
      const identity = await get(path)
      expect(identity.status, path).toBe(200)
      expect(identity.headers["content-encoding"], path).toBeUndefined()
      expect(identity.headers.vary, path).toBe("Accept-Encoding")
      expect(identity.body.length, path).toBeGreaterThan(1024)
      expect(JSON.parse(identity.body.toString()).dishes.length).toBe(8)

      const etags = new Set([identity.headers.etag])
      for (const [accept, coding] of [
        ["gzip, deflate, br, zstd", "br"],
        ["gzip, deflate", "gzip"],
      ] as const) {
        const reply = await get(path, { "accept-encoding": accept })
        expect(reply.status, `${path} ${accept}`).toBe(200)
        expect(reply.headers["content-encoding"]).toBe(coding)
        expect(reply.headers.vary).toBe("Accept-Encoding")
        expect(reply.headers["content-type"]).toBe("application/json")
        expect(Number(reply.headers["content-length"])).toBe(reply.body.length)
        expect(reply.body.length).toBeLessThan(identity.body.length / 2)
        expect(decode(reply).equals(identity.body)).toBe(true)
        etags.add(reply.headers.etag)

        // Revalidation: the coding's own ETag gets a 304; the identity one does not stand for these bytes.
        const etag = String(reply.headers.etag)
        const notModified = await get(path, { "accept-encoding": accept, "if-none-match": etag })
        expect(notModified.status).toBe(304)
        expect(notModified.headers.etag).toBe(etag)
        expect(notModified.headers.vary).toBe("Accept-Encoding")
        const other = await get(path, { "accept-encoding": accept, "if-none-match": String(identity.headers.etag) })
        expect(other.status).toBe(200)
        expect(other.headers["content-encoding"]).toBe(coding)
      }
      expect(etags.size, path).toBe(3)
    }
    // Both paths give the very same bytes for the same request.
    const viaApi = await get(`/api/menu/${slug}?via=api`, { "accept-encoding": "br" })
    const hit = await get(`/api/menu/${slug}`, { "accept-encoding": "br" })
    expect(hit.body.equals(viaApi.body)).toBe(true)
    expect(hit.headers.etag).toBe(viaApi.headers.etag)
  })
})

describe("other answers", () => {
  it("compresses large JSON per request, and leaves small JSON alone", async () => {
    const reference = await get("/api/openapi.json")
    expect(reference.headers["content-encoding"]).toBeUndefined()
    expect(reference.headers.vary).toContain("Accept-Encoding")
    for (const coding of ["br", "gzip"] as const) {
      const reply = await get("/api/openapi.json", { "accept-encoding": coding })
      expect(reply.status).toBe(200)
      expect(reply.headers["content-encoding"]).toBe(coding)
      expect(String(reply.headers.vary)).toContain("Accept-Encoding")
      expect(Number(reply.headers["content-length"])).toBe(reply.body.length)
      expect(decode(reply).equals(reference.body)).toBe(true)
    }
    const small = await get("/api/health/live", { "accept-encoding": "br, gzip" })
    expect(small.status).toBe(200)
    expect(small.body.length).toBeLessThan(1024)
    expect(small.headers["content-encoding"]).toBeUndefined()
  })

  it("never compresses server-sent events: the stream opens and its first event arrives as plain text", async () => {
    const { client, restaurant } = await ownerWithMenu(api)
    const first = await new Promise<{ headers: Raw["headers"]; text: string }>((resolve, reject) => {
      const req = request(
        `${api.baseUrl}/api/restaurants/${restaurant.id}/events`,
        { headers: { accept: "text/event-stream", "accept-encoding": "br, gzip", cookie: client.sessionCookie ?? "" } },
        (res) => {
          res.once("data", (chunk: Buffer) => {
            resolve({ headers: res.headers, text: chunk.toString() })
            req.destroy()
          })
          res.on("error", () => {})
        },
      )
      req.on("error", reject)
      req.end()
    })
    expect(String(first.headers["content-type"])).toContain("text/event-stream")
    expect(first.headers["content-encoding"]).toBeUndefined()
    expect(first.text).toContain("event: ready")
  })
})

describe("the web app's files, served by the API", () => {
  it("sends the build's brotli or gzip copy by Accept-Encoding, with Vary and the original's type", async () => {
    const identity = await get("/assets/app-1a2b.js")
    expect(identity.headers["content-encoding"]).toBeUndefined()
    expect(identity.headers.vary).toBe("Accept-Encoding")
    expect(identity.body.toString()).toBe(bundle)
    for (const [accept, coding, copy] of [
      ["gzip, deflate, br", "br", brotliCompressSync(bundle)],
      ["gzip", "gzip", gzipSync(bundle)],
    ] as const) {
      const reply = await get("/assets/app-1a2b.js", { "accept-encoding": accept })
      expect(reply.status).toBe(200)
      expect(reply.headers["content-encoding"]).toBe(coding)
      expect(reply.headers.vary).toBe("Accept-Encoding")
      expect(reply.headers["content-type"]).toContain("text/javascript")
      expect(reply.headers["cache-control"]).toContain("immutable")
      expect(Number(reply.headers["content-length"])).toBe(reply.body.length)
      // The file from the build itself, not a new compression of it.
      expect(reply.body.equals(copy)).toBe(true)
      expect(decode(reply).toString()).toBe(bundle)
    }
  })

  it("compresses a text file the build left uncompressed, and never an image", async () => {
    const css = await get("/assets/plain-3c4d.css", { "accept-encoding": "br" })
    expect(css.headers["content-encoding"]).toBe("br")
    expect(css.headers["content-type"]).toContain("text/css")
    expect(decode(css).toString()).toBe(plainCss)
    const image = await get("/assets/photo-5e6f.png", { "accept-encoding": "br, gzip" })
    expect(image.headers["content-encoding"]).toBeUndefined()
    expect(image.headers.vary).toBeUndefined()
    expect(image.body.equals(png)).toBe(true)
  })
})
