import { Redis } from "@ardine/infra"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { invalidatesMenu, MenuCache } from "../src/menu/MenuCache.js"
import { ownerWithMenu } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

// A long TTL, so anything fresh these tests see came from an invalidation, never from expiry.
let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ MENU_CACHE_TTL_MS: "600000" })
})
afterAll(() => api.close())

const priceOf = async (target: TestApi, slug: string, dishId: string) => {
  const reply = await new Client(target.baseUrl).get(`/api/menu/${slug}`)
  expect(reply.status).toBe(200)
  return reply.body.dishes.find((d: { id: string }) => d.id === dishId)?.priceMinor as number | undefined
}

/** A write straight to the database, as another process (the worker, another replica) would make it. */
const setPriceBehindTheApi = (target: TestApi, dishId: string, priceMinor: number) =>
  target.db.query("UPDATE dishes SET price_minor = $2 WHERE id = $1", [dishId, priceMinor])

const eventually = async (check: () => Promise<boolean>, timeoutMs = 2_000) => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time")
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe("the menu cache", () => {
  it("serves a menu from memory: a write behind the API's back is not seen without an event", async () => {
    const { slug, dishes } = await ownerWithMenu(api)
    expect(await priceOf(api, slug, dishes.soup)).toBe(450)
    await setPriceBehindTheApi(api, dishes.soup, 999)
    expect(await priceOf(api, slug, dishes.soup)).toBe(450)
    expect(await api.run(Effect.flatMap(MenuCache, (cache) => cache.size))).toBeGreaterThan(0)
  })

  it("shows a change by the owner at once", async () => {
    const { slug, dishes, client, restaurant } = await ownerWithMenu(api)
    expect(await priceOf(api, slug, dishes.soup)).toBe(450)
    const patched = await client.patch(`/api/restaurants/${restaurant.id}/dishes/${dishes.soup}`, { priceMinor: 510 })
    expect(patched.status).toBe(200)
    expect(await priceOf(api, slug, dishes.soup)).toBe(510)
    const removed = await client.delete(`/api/restaurants/${restaurant.id}/dishes/${dishes.steak}`)
    expect(removed.status).toBeLessThan(300)
    expect(await priceOf(api, slug, dishes.steak)).toBeUndefined()
  })

  it("follows a slug change: the old address stops answering, the new one serves the menu", async () => {
    const { slug, client, restaurant } = await ownerWithMenu(api)
    expect((await new Client(api.baseUrl).get(`/api/menu/${slug}`)).status).toBe(200)
    const renamed = `${slug}-new`
    const updated = await client.patch(`/api/restaurants/${restaurant.id}`, { slug: renamed })
    expect(updated.status, updated.text).toBe(200)
    expect((await new Client(api.baseUrl).get(`/api/menu/${slug}`)).status).toBe(404)
    expect((await new Client(api.baseUrl).get(`/api/menu/${renamed}`)).status).toBe(200)
  })

  it("drops a menu when another process publishes on the restaurant's channel (as the worker does)", async () => {
    const { slug, dishes, restaurant } = await ownerWithMenu(api)
    expect(await priceOf(api, slug, dishes.soup)).toBe(450)
    await setPriceBehindTheApi(api, dishes.soup, 777)
    const channel = `${api.settings.REDIS_KEY_PREFIX}events:restaurant:${restaurant.id}`
    const progress = JSON.stringify({
      type: "dish.progress",
      restaurantId: restaurant.id,
      dishId: dishes.soup,
      status: "ready",
      progress: 100,
    })
    await api.run(Effect.flatMap(Redis, (redis) => Effect.promise(() => redis.publish(channel, progress))))
    await eventually(async () => (await priceOf(api, slug, dishes.soup)) === 777)
  })

  it("keeps a menu when only an order event goes by", () => {
    expect(invalidatesMenu(JSON.stringify({ type: "order.placed", order: {} }))).toBe(false)
    expect(invalidatesMenu(JSON.stringify({ type: "order.changed", order: {} }))).toBe(false)
    expect(invalidatesMenu(JSON.stringify({ type: "menu.invalidate" }))).toBe(true)
    expect(invalidatesMenu(JSON.stringify({ type: "dish.progress" }))).toBe(true)
    expect(invalidatesMenu("not json")).toBe(true)
  })

  it("still answers 304 from the cache, and a new ETag once the menu changed", async () => {
    const { slug, dishes, client, restaurant } = await ownerWithMenu(api)
    const diner = new Client(api.baseUrl)
    const first = await diner.get(`/api/menu/${slug}`)
    const etag = first.headers.get("etag") ?? ""
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/)
    const again = await diner.get(`/api/menu/${slug}`, { "if-none-match": etag })
    expect(again.status).toBe(304)
    expect(again.headers.get("etag")).toBe(etag)
    await client.patch(`/api/restaurants/${restaurant.id}/dishes/${dishes.soup}`, { available: false })
    const changed = await diner.get(`/api/menu/${slug}`, { "if-none-match": etag })
    expect(changed.status).toBe(200)
    expect(changed.headers.get("etag")).not.toBe(etag)
  })

  it("answers many concurrent first reads with one consistent menu", async () => {
    const { slug } = await ownerWithMenu(api)
    const replies = await Promise.all(
      Array.from({ length: 30 }, () => new Client(api.baseUrl).get(`/api/menu/${slug}`)),
    )
    expect(new Set(replies.map((r) => `${r.status} ${r.headers.get("etag")}`)).size).toBe(1)
  })
})

describe("without an invalidation", () => {
  let short: TestApi
  beforeAll(async () => {
    short = await startTestApi({ MENU_CACHE_TTL_MS: "400" })
  })
  afterAll(() => short.close())

  it("the TTL bounds how stale a menu can be", async () => {
    const { slug, dishes } = await ownerWithMenu(short)
    expect(await priceOf(short, slug, dishes.soup)).toBe(450)
    await setPriceBehindTheApi(short, dishes.soup, 333)
    expect(await priceOf(short, slug, dishes.soup)).toBe(450)
    await new Promise((resolve) => setTimeout(resolve, 450))
    expect(await priceOf(short, slug, dishes.soup)).toBe(333)
  })
})

describe("with Redis unreachable", () => {
  let offline: TestApi
  beforeAll(async () => {
    offline = await startTestApi({ REDIS_URL: "redis://127.0.0.1:1", MENU_CACHE_TTL_MS: "600000" })
  }, 20_000)
  afterAll(() => offline.close())

  it("serves every menu read from Postgres, so no lost invalidation can make it stale", async () => {
    const { slug, dishes } = await ownerWithMenu(offline)
    expect(await priceOf(offline, slug, dishes.soup)).toBe(450)
    await setPriceBehindTheApi(offline, dishes.soup, 222)
    expect(await priceOf(offline, slug, dishes.soup)).toBe(222)
    expect(await offline.run(Effect.flatMap(MenuCache, (cache) => cache.size))).toBe(0)
  })
})

describe("the public rate limit, counted in memory", () => {
  let limited: TestApi
  beforeAll(async () => {
    limited = await startTestApi({ RATE_LIMIT_PUBLIC_PER_MINUTE: "5" })
  })
  afterAll(() => limited.close())

  it("still refuses the reads over the limit, and shares the count through Redis", async () => {
    const { slug } = await ownerWithMenu(limited)
    const statuses: Array<number> = []
    for (let i = 0; i < 7; i++) statuses.push((await new Client(limited.baseUrl).get(`/api/menu/${slug}`)).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429])
    // The batch sync (every 100 ms) carries this process's count to Redis for the other replicas.
    const sharedCounts = () =>
      limited.run(
        Effect.flatMap(Redis, (redis) =>
          Effect.promise(async () => {
            const keys = await redis.keys(`${limited.settings.REDIS_KEY_PREFIX}rl:public:*`)
            return Promise.all(keys.map(async (key) => Number(await redis.get(key))))
          }),
        ),
      )
    await eventually(async () => (await sharedCounts()).length > 0)
    await eventually(async () => (await sharedCounts())[0] === 7)
    expect(await sharedCounts()).toEqual([7])
  })
})
