import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startTestApi, type TestApi } from "./support/testApi.js"

let api: TestApi
let dist: string
beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), "ardine-web-"))
  await mkdir(join(dist, "assets"))
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
  await rm(dist, { recursive: true, force: true })
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
    const svg = await fetch(`${api.baseUrl}/favicon.svg`)
    expect(svg.headers.get("content-type")).toBe("image/svg+xml")
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
