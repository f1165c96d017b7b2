import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { AppMetrics } from "@ardine/infra"
import { Effect, Metric } from "effect"
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest"
import { MenuHits } from "../src/menu/MenuHits.js"
import { ownerWithMenu } from "./support/fixtures.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ MENU_CACHE_TTL_MS: "600000" })
})
afterAll(() => api.close())

/** Headers that differ between any two answers (time, connection, per-request ids and counts). */
const perRequest = new Set(["date", "connection", "keep-alive", "x-request-id", "ratelimit-remaining"])
const stableHeaders = (response: Response) =>
  Object.fromEntries([...response.headers].filter(([name]) => !perRequest.has(name)))

const menuLatencyCount = (status: number) =>
  api.run(
    Effect.map(
      Metric.value(
        AppMetrics.httpRequestDuration.pipe(
          Metric.tagged("http.request.method", "GET"),
          Metric.tagged("http.route", "/api/menu/:slug"),
          Metric.tagged("http.response.status_code", String(status)),
        ),
      ),
      (state) => state.count,
    ),
  )

/** Counts the requests the running API's MenuHits answers (the server asks `answer` on each request). */
const countMenuHits = async () => {
  const hits: { answer: MenuHits["Type"]["answer"] } = await api.run(MenuHits)
  const answer = hits.answer
  let answered = 0
  hits.answer = (request, response) => {
    const hit = answer(request, response)
    if (hit) answered++
    return hit
  }
  const restore = () => {
    hits.answer = answer
  }
  return { answered: () => answered, restore }
}

describe("menu reads answered in front of the framework (MenuHits)", () => {
  it("answers exactly as the API's own handler does: body, ETag, 304, security and cache headers", async () => {
    const { slug } = await ownerWithMenu(api)
    const counted = await countMenuHits()
    onTestFinished(counted.restore)
    // A query string always goes through the framework's handler: the reference answer.
    const viaApi = await fetch(`${api.baseUrl}/api/menu/${slug}?via=api`)
    expect(counted.answered()).toBe(0)
    const hit = await fetch(`${api.baseUrl}/api/menu/${slug}`)
    // The comparison below is only worth something if MenuHits, not the framework, gave this answer.
    expect(counted.answered()).toBe(1)
    expect(hit.status).toBe(200)
    expect(stableHeaders(hit)).toEqual(stableHeaders(viaApi))
    expect(hit.headers.get("content-security-policy")).toContain("default-src 'none'")
    expect(Number(hit.headers.get("ratelimit-remaining"))).toBeGreaterThan(0)
    expect(Buffer.from(await hit.arrayBuffer())).toEqual(Buffer.from(await viaApi.arrayBuffer()))

    const etag = hit.headers.get("etag") ?? ""
    const conditional = { headers: { "if-none-match": etag } }
    const notModifiedViaApi = await fetch(`${api.baseUrl}/api/menu/${slug}?via=api`, conditional)
    const notModified = await fetch(`${api.baseUrl}/api/menu/${slug}`, conditional)
    expect(counted.answered()).toBe(2)
    expect(notModified.status).toBe(304)
    expect(stableHeaders(notModified)).toEqual(stableHeaders(notModifiedViaApi))
    expect(await notModified.text()).toBe("")
  })

  it("answers a cached menu by itself, with a request id, a latency sample and the rate-limit count", async () => {
    const { slug } = await ownerWithMenu(api)
    const hits = await api.run(MenuHits)
    // A bare server that only asks MenuHits: whatever it leaves is answered 599 here.
    const bare: Server = createServer((request, response) => {
      if (!hits.answer(request, response)) response.writeHead(599).end()
    })
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve))
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`
    try {
      expect((await fetch(`${bareUrl}/api/menu/${slug}`)).status).toBe(599) // not cached yet
      expect((await fetch(`${api.baseUrl}/api/menu/${slug}`)).status).toBe(200) // the API loads it
      const before = await menuLatencyCount(200)
      const first = await fetch(`${bareUrl}/api/menu/${slug}`, { headers: { "x-request-id": "diner-req-0001" } })
      expect(first.status).toBe(200)
      expect(first.headers.get("x-request-id")).toBe("diner-req-0001")
      expect(((await first.json()) as { dishes: Array<unknown> }).dishes.length).toBeGreaterThan(0)
      expect(await menuLatencyCount(200)).toBe(before + 1)
      const second = await fetch(`${bareUrl}/api/menu/${slug}`)
      expect(second.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/)
      expect(Number(second.headers.get("ratelimit-remaining"))).toBe(
        Number(first.headers.get("ratelimit-remaining")) - 1,
      )
      // Left to the API: other methods, query strings, bodies, other paths, unknown slugs.
      expect((await fetch(`${bareUrl}/api/menu/${slug}`, { method: "HEAD" })).status).toBe(599)
      expect((await fetch(`${bareUrl}/api/menu/${slug}?x=1`)).status).toBe(599)
      expect((await fetch(`${bareUrl}/api/menu/${slug}`, { method: "POST", body: "{}" })).status).toBe(599)
      expect((await fetch(`${bareUrl}/api/menu/${slug}/orders`)).status).toBe(599)
      expect((await fetch(`${bareUrl}/api/menu/not-${slug}`)).status).toBe(599)
    } finally {
      await new Promise((resolve) => bare.close(resolve))
    }
  })

  it("stops answering a menu the moment it is invalidated", async () => {
    const { slug, client, restaurant, dishes } = await ownerWithMenu(api)
    expect((await fetch(`${api.baseUrl}/api/menu/${slug}`)).status).toBe(200)
    const hits = await api.run(MenuHits)
    const patched = await client.patch(`/api/restaurants/${restaurant.id}/dishes/${dishes.soup}`, { priceMinor: 777 })
    expect(patched.status).toBe(200)
    let answered = false
    const probe = createServer((request, response) => {
      answered = hits.answer(request, response)
      if (!answered) response.writeHead(599).end()
    })
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve))
    try {
      await fetch(`http://127.0.0.1:${(probe.address() as AddressInfo).port}/api/menu/${slug}`)
      expect(answered).toBe(false)
    } finally {
      await new Promise((resolve) => probe.close(resolve))
    }
  })
})
