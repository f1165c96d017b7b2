import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ownerWithMenu } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(() => api.close())

describe("the public menu", () => {
  it("lists only available dishes, with the restaurant's currency and no owner details", async () => {
    const { slug, dishes } = await ownerWithMenu(api)
    const reply = await new Client(api.baseUrl).get(`/api/menu/${slug}`)
    expect(reply.status).toBe(200)
    expect(reply.body.restaurant).toEqual({
      slug,
      name: "Test Kitchen",
      currency: "EUR",
      taxRateBps: 1000,
      tableCount: 10,
      pricesIncludeTax: false,
      paymentMethods: ["Cash", "Card", "UPI"],
      language: "en",
      languages: ["en"],
    })
    expect(reply.body.dishes.map((d: { id: string }) => d.id).sort()).toEqual([dishes.soup, dishes.steak].sort())
    expect(reply.text).not.toContain("ownerId")
    expect(reply.text).not.toContain("modelStatus")
  })

  it("answers 304 to a matching If-None-Match and changes its ETag when the menu changes", async () => {
    const { slug, dishes, client, restaurant } = await ownerWithMenu(api)
    const diner = new Client(api.baseUrl)
    const first = await diner.get(`/api/menu/${slug}`)
    const etag = first.headers.get("etag") ?? ""
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/)
    expect(first.headers.get("cache-control")).toContain("max-age")
    const again = await diner.get(`/api/menu/${slug}`, { "if-none-match": etag })
    expect(again.status).toBe(304)
    expect(again.text).toBe("")
    expect(again.headers.get("etag")).toBe(etag)
    expect((await diner.get(`/api/menu/${slug}`, { "if-none-match": `W/${etag}` })).status).toBe(304)
    expect((await diner.get(`/api/menu/${slug}`, { "if-none-match": '"stale"' })).status).toBe(200)

    const patched = await client.patch(`/api/restaurants/${restaurant.id}/dishes/${dishes.soup}`, { priceMinor: 500 })
    expect(patched.status).toBe(200)
    const changed = await diner.get(`/api/menu/${slug}`, { "if-none-match": etag })
    expect(changed.status).toBe(200)
    expect(changed.headers.get("etag")).not.toBe(etag)
    const soup = changed.body.dishes.find((d: { id: string }) => d.id === dishes.soup)
    expect(soup.priceMinor).toBe(500)
  })

  it("hides a dish the owner marks unavailable", async () => {
    const { slug, dishes, client, restaurant } = await ownerWithMenu(api)
    await client.patch(`/api/restaurants/${restaurant.id}/dishes/${dishes.steak}`, { available: false })
    const reply = await new Client(api.baseUrl).get(`/api/menu/${slug}`)
    expect(reply.body.dishes.map((d: { id: string }) => d.id)).toEqual([dishes.soup])
  })

  it("carries a ready dish's USDZ URL for iOS, and none for a dish without one", async () => {
    const { slug, dishes, client, restaurant } = await ownerWithMenu(api)
    const prefix = `restaurants/${restaurant.id}/dishes/${dishes.steak}/`
    await api.db.query(
      "UPDATE dishes SET model_status = 'ready', model_progress = 100, model_key = $2, usdz_key = $3 WHERE id = $1",
      [dishes.steak, `${prefix}model-v1-0123456789abcdef.glb`, `${prefix}model-v1-fedcba9876543210.usdz`],
    )
    // A key on a dish that is not ready (a regeneration under way) is not shown.
    await api.db.query("UPDATE dishes SET usdz_key = 'x.usdz' WHERE id = $1", [dishes.soup])
    const usdzUrl = new RegExp(`^/storage/[a-z0-9-]+/${prefix}model-v1-fedcba9876543210\\.usdz$`)

    const menu = await new Client(api.baseUrl).get(`/api/menu/${slug}`)
    const byId = (id: string) => menu.body.dishes.find((d: { id: string }) => d.id === id)
    expect(byId(dishes.steak).usdzUrl).toMatch(usdzUrl)
    expect(byId(dishes.soup).usdzUrl).toBeNull()
    const dish = await client.get(`/api/restaurants/${restaurant.id}/dishes/${dishes.steak}`)
    expect(dish.body.usdzUrl).toMatch(usdzUrl)
  })

  it("gives 404 with a tag for an unknown slug, 400 for a malformed one", async () => {
    const unknown = await new Client(api.baseUrl).get("/api/menu/no-such-restaurant")
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({ _tag: "NotFound", resource: "menu" })
    const malformed = await new Client(api.baseUrl).get("/api/menu/Not_A_Slug")
    expect(malformed.status).toBe(400)
  })
})

describe("every response", () => {
  it("carries the security headers and a request id", async () => {
    const { slug } = await ownerWithMenu(api)
    for (const path of [`/api/menu/${slug}`, "/api/no-such-route", "/api/health/live", "/api/restaurants"]) {
      const reply = await new Client(api.baseUrl).get(path)
      expect(reply.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'")
      expect(reply.headers.get("x-content-type-options")).toBe("nosniff")
      expect(reply.headers.get("referrer-policy")).toBe("no-referrer")
      expect(reply.headers.get("x-frame-options")).toBe("DENY")
      expect(reply.headers.get("x-request-id")).toMatch(/^[\w-]{8,64}$/)
    }
  })
})

describe("health and documentation", () => {
  it("reports liveness, and readiness with the database, Redis, storage and the scanner", async () => {
    const client = new Client(api.baseUrl)
    expect((await client.get("/api/health/live")).body).toEqual({ status: "live" })
    const ready = await client.get("/api/health/ready")
    expect(ready.status).toBe(200)
    expect(ready.body).toEqual({
      status: "ready",
      checks: { database: "up", redis: "up", storage: "up", scanner: "up" },
    })
  })

  it("stays ready (uploads answer 503) when the scanner and Redis are down, and says which", async () => {
    const degraded = await startTestApi({ CLAMAV_PORT: "1", REDIS_URL: "redis://127.0.0.1:1" })
    try {
      const ready = await new Client(degraded.baseUrl).get("/api/health/ready")
      expect(ready.status).toBe(200)
      expect(ready.body.checks).toEqual({ database: "up", redis: "down", storage: "up", scanner: "down" })
    } finally {
      await degraded.close()
    }
  })

  it("serves the OpenAPI document and a browsable docs page", async () => {
    const client = new Client(api.baseUrl)
    const spec = await client.get("/api/openapi.json")
    expect(spec.status).toBe(200)
    expect(spec.body.openapi).toMatch(/^3\./)
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(["/api/menu/{slug}", "/api/menu/{slug}/orders", "/api/restaurants/{restaurantId}/orders"]),
    )
    const docs = await client.get("/api/docs")
    expect(docs.status).toBe(200)
    expect(docs.headers.get("content-type")).toContain("text/html")
    expect(docs.text).toContain("swagger-ui")
  })
})
