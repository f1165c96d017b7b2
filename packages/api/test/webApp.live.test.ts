import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { request } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startTestApi, type TestApi } from "./support/testApi.js"

let api: TestApi
let parent: string
let dist: string
// Sentinels a traversal would reach: one beside the build folder, one in a sibling whose name starts like it.
const besideSecret = "sentinel-beside-the-build"
const siblingSecret = "sentinel-in-dist-x"
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "ardine-web-"))
  dist = join(parent, "dist")
  await mkdir(join(dist, "assets"), { recursive: true })
  await mkdir(join(parent, "dist-x"))
  await writeFile(join(parent, "secret.txt"), besideSecret)
  await writeFile(join(parent, "dist-x", "secret.txt"), siblingSecret)
  await writeFile(
    join(dist, "index.html"),
    "<!doctype html><title>Ardine</title><script type=module src=/assets/app-1a2b.js></script>",
  )
  await writeFile(join(dist, "assets", "app-1a2b.js"), "console.log('hi')")
  await writeFile(join(dist, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>")
  api = await startTestApi({ WEB_DIST_DIR: dist })
})
afterAll(async () => {
  await api.close()
  await rm(parent, { recursive: true, force: true })
})

describe("the web app, served by the API on one machine", () => {
  it("serves index.html for the app's routes, with the SPA's own CSP and camera/AR permissions", async () => {
    for (const path of ["/", "/r/demo?table=4", "/owner/menu", "/o/abc"]) {
      const reply = await fetch(`${api.baseUrl}${path}`)
      expect(reply.status, path).toBe(200)
      expect(reply.headers.get("content-type")).toContain("text/html")
      expect(await reply.text()).toContain("<title>Ardine</title>")
      expect(reply.headers.get("content-security-policy")).toContain("script-src 'self' 'wasm-unsafe-eval'")
      expect(reply.headers.get("permissions-policy")).toContain("camera=(self)")
      expect(reply.headers.get("cache-control")).toBe("no-cache")
    }
  })

  it("serves hashed assets for a year, and other files as they are", async () => {
    const js = await fetch(`${api.baseUrl}/assets/app-1a2b.js`)
    expect(js.headers.get("content-type")).toContain("text/javascript")
    expect(js.headers.get("cache-control")).toContain("immutable")
    // The headers nginx's /assets/ location sends, and no document-only ones (each costs bytes on every file).
    expect(js.headers.get("x-content-type-options")).toBe("nosniff")
    expect(js.headers.get("cross-origin-resource-policy")).toBe("same-site")
    for (const documentOnly of [
      "content-security-policy",
      "permissions-policy",
      "cross-origin-opener-policy",
      "x-frame-options",
      "referrer-policy",
    ]) {
      expect(js.headers.get(documentOnly), documentOnly).toBeNull()
    }
    const svg = await fetch(`${api.baseUrl}/favicon.svg`)
    expect(svg.headers.get("content-type")).toBe("image/svg+xml")
  })

  it("never serves a file beside the build folder or in a sibling named like it (raw paths, dots kept)", async () => {
    // Sent as written: fetch would resolve `..` and `%2e%2e` itself and the server would never see them.
    const attempts = [
      "/..%2fdist-x%2fsecret.txt",
      "/%2e%2e%2fdist-x%2fsecret.txt",
      "/assets/..%2f..%2fdist-x%2fsecret.txt",
      "/..%2fsecret.txt",
      "/%2e%2e%2fsecret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/../dist-x/secret.txt",
      "/assets/../../dist-x/secret.txt",
      "/..%5cdist-x%5csecret.txt",
    ]
    for (const path of attempts) {
      const reply = await rawGet(api.baseUrl, path)
      expect(reply.status, path).toBeLessThan(500)
      expect(reply.body, path).not.toContain(siblingSecret)
      expect(reply.body, path).not.toContain(besideSecret)
    }
    // A malformed escape is a plain 404, not a 500 from a throwing decoder.
    expect((await rawGet(api.baseUrl, "/%E0%A4%A.txt")).status).toBe(404)
  })

  it("never serves files outside the build, and keeps unknown API routes JSON 404s", async () => {
    // Clients resolve dot segments before sending, so these arrive as other paths; encoded slashes do not.
    const attempts = [
      "/..%2f..%2fpackage.json",
      "/api/restaurants/../../package.json",
      "/assets/..%2f..%2f..%2fpackage.json",
      "/api/restaurants/%2e%2e/%2e%2e/etc/passwd",
      "/storage/%2e%2e/%2e%2e/etc/passwd",
    ]
    for (const path of attempts) {
      const reply = await fetch(`${api.baseUrl}${path}`)
      expect(reply.status, path).toBeLessThan(500)
      const text = await reply.text()
      expect(text, path).not.toContain('"workspaces"')
      expect(text, path).not.toContain("root:")
    }
    const unknown = await fetch(`${api.baseUrl}/api/no-such-thing`)
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { _tag: string })._tag).toBe("RouteNotFound")
    expect((await fetch(`${api.baseUrl}/api/health/live`)).headers.get("permissions-policy")).toContain("camera=()")
  })
})

/** A GET whose path goes on the wire byte for byte (no URL normalisation on the client side). */
const rawGet = (baseUrl: string, path: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const url = new URL(baseUrl)
    const req = request({ host: url.hostname, port: url.port, path, method: "GET" }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (chunk: Buffer) => chunks.push(chunk))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }))
      res.on("error", reject)
    })
    req.on("error", reject)
    req.end()
  })
