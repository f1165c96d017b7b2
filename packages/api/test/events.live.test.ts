import { Events } from "@ardine/infra"
import { Effect } from "effect"
import { Redis as IORedis } from "ioredis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ownerWithMenu } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ SSE_HEARTBEAT_MS: "300", SSE_SESSION_CHECK_MS: "300" })
})
afterAll(() => api.close())

interface Frame {
  readonly event: string
  readonly data: string
}

/** Opens an SSE stream the way a browser's EventSource does and collects its frames. */
const openStream = async (path: string, cookie?: string) => {
  const controller = new AbortController()
  const response = await fetch(`${api.baseUrl}${path}`, {
    headers: { accept: "text/event-stream", ...(cookie === undefined ? {} : { cookie }) },
    signal: controller.signal,
  })
  const frames: Array<Frame> = []
  let comments = 0
  const waiters: Array<() => void> = []
  const reader = response.body?.getReader()
  const decoder = new TextDecoder()
  let buffer = ""
  const pump = async () => {
    if (reader === undefined) return
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffer += decoder.decode(value, { stream: true })
        let end = buffer.indexOf("\n\n")
        while (end >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (block.startsWith(":")) comments++
          else {
            const field = (name: string) =>
              block
                .split("\n")
                .find((line) => line.startsWith(`${name}: `))
                ?.slice(name.length + 2) ?? ""
            frames.push({ event: field("event"), data: field("data") })
          }
          for (const wake of waiters.splice(0)) wake()
          end = buffer.indexOf("\n\n")
        }
      }
    } catch {
      // aborted
    }
  }
  // Resolves when the server ends the stream (or the client aborts it).
  const ended = pump()
  /** Waits until `holds` (re-checked on every frame, heartbeats included). */
  const until = async (what: string, holds: () => boolean, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs
    while (!holds()) {
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms; got ${JSON.stringify(frames)}`)
      await new Promise<void>((resolve) => {
        waiters.push(resolve)
        setTimeout(resolve, 100)
      })
    }
  }
  const next = async (event: string, timeoutMs = 5_000): Promise<Frame> => {
    await until(`${event} event`, () => frames.some((f) => f.event === event), timeoutMs)
    const found = frames.find((f) => f.event === event) as Frame
    frames.splice(frames.indexOf(found), 1)
    return found
  }
  return { response, next, until, ended, frames, comments: () => comments, close: () => controller.abort() }
}

const listeners = () => api.run(Effect.flatMap(Events, (events) => events.listeners))

describe("the owner's live stream", () => {
  it("sends ready, then new orders and status changes as they happen", async () => {
    const { client, restaurant, slug, dishes, order } = await ownerWithMenu(api)
    const stream = await openStream(`/api/restaurants/${restaurant.id}/events`, client.sessionCookie)
    expect(stream.response.status).toBe(200)
    expect(stream.response.headers.get("content-type")).toContain("text/event-stream")
    await stream.next("ready")

    const placed = await new Client(api.baseUrl).post(`/api/menu/${slug}/orders`, order(dishes.soup, 2))
    const arrived = JSON.parse((await stream.next("order.placed")).data)
    expect(arrived.order.id).toBe(placed.body.order.id)
    expect(arrived.order.customerPhone).toBe("+44 20 7946 0958")

    await client.patch(`/api/restaurants/${restaurant.id}/orders/${placed.body.order.id}/status`, {
      status: "preparing",
    })
    const changed = JSON.parse((await stream.next("order.changed")).data)
    expect(changed.order.status).toBe("preparing")
    stream.close()
  })

  it("relays model progress published by another process (the worker) through Redis", async () => {
    const { client, restaurant } = await ownerWithMenu(api)
    const stream = await openStream(`/api/restaurants/${restaurant.id}/events`, client.sessionCookie)
    await stream.next("ready")
    const publisher = new IORedis("redis://127.0.0.1:6379")
    try {
      const event = {
        type: "dish.progress",
        restaurantId: restaurant.id,
        dishId: "00000000-0000-4000-8000-000000000001",
        status: "generating",
        progress: 60,
      }
      await publisher.publish(
        `${api.settings.REDIS_KEY_PREFIX}events:restaurant:${restaurant.id}`,
        JSON.stringify(event),
      )
      expect(JSON.parse((await stream.next("dish.progress")).data)).toEqual(event)
    } finally {
      publisher.disconnect()
      stream.close()
    }
  })

  it("is owner-only", async () => {
    const a = await ownerWithMenu(api)
    const b = await ownerWithMenu(api)
    expect((await fetch(`${api.baseUrl}/api/restaurants/${a.restaurant.id}/events`)).status).toBe(401)
    const foreign = await fetch(`${api.baseUrl}/api/restaurants/${a.restaurant.id}/events`, {
      headers: { cookie: b.client.sessionCookie ?? "" },
    })
    expect(foreign.status).toBe(404)
  })

  /** Resolves true if the stream ends within `ms`. */
  const endsWithin = (stream: { ended: Promise<void> }, ms: number) =>
    Promise.race([stream.ended.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))])

  it("ends within seconds of the owner logging out, on another replica too, and sends no order after", async () => {
    // A second API on the same Postgres and Redis: the logout happens there, the stream is open here.
    const other = await startTestApi({
      SESSION_SECRET: api.settings.SESSION_SECRET ?? "",
      REDIS_KEY_PREFIX: api.settings.REDIS_KEY_PREFIX ?? "",
    })
    try {
      const { client, restaurant, slug, dishes, order } = await ownerWithMenu(api)
      const stream = await openStream(`/api/restaurants/${restaurant.id}/events`, client.sessionCookie)
      await stream.next("ready")
      const loggedOut = await new Client(other.baseUrl).withCookie(client.sessionCookie).post("/api/auth/logout")
      expect(loggedOut.status, loggedOut.text).toBe(204)
      expect(await endsWithin(stream, 3_000)).toBe(true)
      const placed = await new Client(api.baseUrl).post(`/api/menu/${slug}/orders`, order(dishes.soup))
      expect(placed.status, placed.text).toBe(201)
      // The stream has ended, so nothing can arrive later: no need to wait before looking.
      expect(stream.frames.filter((f) => f.event === "order.placed")).toEqual([])
    } finally {
      await other.close()
    }
  })

  it("ends within seconds of the session expiring", async () => {
    const { client, restaurant } = await ownerWithMenu(api)
    const stream = await openStream(`/api/restaurants/${restaurant.id}/events`, client.sessionCookie)
    await stream.next("ready")
    // Still going while the session is valid: several checks pass.
    expect(await endsWithin(stream, 1_000)).toBe(false)
    await api.db.query(
      "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT owner_id FROM restaurants WHERE id = $1)",
      [restaurant.id],
    )
    expect(await endsWithin(stream, 3_000)).toBe(true)
    stream.close()
  })

  it("sends heartbeats while idle", async () => {
    const { client, restaurant } = await ownerWithMenu(api)
    const stream = await openStream(`/api/restaurants/${restaurant.id}/events`, client.sessionCookie)
    await stream.next("ready")
    await stream.until("two heartbeats", () => stream.comments() >= 2, 3_000)
    expect(stream.frames).toEqual([])
    stream.close()
  })
})

describe("the diner's live order page", () => {
  it("follows the order's status by its token, without the phone number", async () => {
    const { client, restaurant, slug, dishes, order } = await ownerWithMenu(api)
    const placed = await new Client(api.baseUrl).post(`/api/menu/${slug}/orders`, order(dishes.steak))
    const stream = await openStream(`/api/orders/${placed.body.token}/events`)
    await stream.next("ready")
    for (const status of ["preparing", "ready"]) {
      await client.patch(`/api/restaurants/${restaurant.id}/orders/${placed.body.order.id}/status`, { status })
      const frame = await stream.next("order.changed")
      expect(JSON.parse(frame.data).order.status).toBe(status)
      expect(frame.data).not.toContain("7946")
    }
    stream.close()
    expect((await fetch(`${api.baseUrl}/api/orders/${"B".repeat(43)}/events`)).status).toBe(404)
  })
})

describe("isolation", () => {
  it("a kitchen stream and a diner stream receive nothing of another restaurant's or another order's events", async () => {
    const a = await ownerWithMenu(api)
    const b = await ownerWithMenu(api)
    const diner = new Client(api.baseUrl)
    const placeAt = async (r: typeof a) => {
      const placed = await diner.post(`/api/menu/${r.slug}/orders`, r.order(r.dishes.soup))
      expect(placed.status, placed.text).toBe(201)
      return { id: placed.body.order.id as string, token: placed.body.token as string }
    }
    const setStatus = async (r: typeof a, orderId: string, status: string) => {
      const changed = await r.client.patch(`/api/restaurants/${r.restaurant.id}/orders/${orderId}/status`, { status })
      expect(changed.status, changed.text).toBe(200)
    }
    const [a1, a2, b1] = [await placeAt(a), await placeAt(a), await placeAt(b)]
    // B's channels have listeners too, so a fan-out that ignored the channel would have something to leak.
    const kitchenA = await openStream(`/api/restaurants/${a.restaurant.id}/events`, a.client.sessionCookie)
    const kitchenB = await openStream(`/api/restaurants/${b.restaurant.id}/events`, b.client.sessionCookie)
    const dinerA1 = await openStream(`/api/orders/${a1.token}/events`)
    const dinerB1 = await openStream(`/api/orders/${b1.token}/events`)
    const streams = [kitchenA, kitchenB, dinerA1, dinerB1]
    await Promise.all(streams.map((s) => s.next("ready")))

    // Two producers: this API (orders) and another process (the worker's model progress, through Redis).
    const publisher = new IORedis("redis://127.0.0.1:6379")
    const progress = (restaurantId: string, dishId: string) => ({
      type: "dish.progress",
      restaurantId,
      dishId,
      status: "generating",
      progress: 20,
    })
    const workerSays = (restaurantId: string, dishId: string) =>
      publisher.publish(
        `${api.settings.REDIS_KEY_PREFIX}events:restaurant:${restaurantId}`,
        JSON.stringify(progress(restaurantId, dishId)),
      )
    const foreignDish = "00000000-0000-4000-8000-0000000000b1"
    const ownDish = "00000000-0000-4000-8000-0000000000a1"
    try {
      const b2 = await placeAt(b)
      await setStatus(b, b1.id, "preparing")
      await setStatus(a, a2.id, "preparing")
      await workerSays(b.restaurant.id, foreignDish)

      // Barriers, sent after everything above: once a stream has its own, anything foreign would be there too.
      await workerSays(a.restaurant.id, ownDish)
      await setStatus(a, a1.id, "preparing")
      const changedOrder = (s: typeof kitchenA, orderId: string) => () =>
        s.frames.some((f) => f.event === "order.changed" && JSON.parse(f.data).order.id === orderId)
      await kitchenA.until("A1's change", changedOrder(kitchenA, a1.id))
      await kitchenA.until("A's dish progress", () => kitchenA.frames.some((f) => f.data.includes(ownDish)))
      await dinerA1.until("A1's change", changedOrder(dinerA1, a1.id))
      await kitchenB.until("B1's change", changedOrder(kitchenB, b1.id))

      const seenByA = JSON.stringify(kitchenA.frames)
      for (const foreign of [b.restaurant.id, b1.id, b2.id, foreignDish]) expect(seenByA).not.toContain(foreign)
      expect(kitchenA.frames.map((f) => f.event).sort()).toEqual(["dish.progress", "order.changed", "order.changed"])
      expect(dinerA1.frames.map((f) => [f.event, JSON.parse(f.data).order.id])).toEqual([["order.changed", a1.id]])
      const seenByB = JSON.stringify(kitchenB.frames) + JSON.stringify(dinerB1.frames)
      for (const foreign of [a.restaurant.id, a1.id, a2.id, ownDish]) expect(seenByB).not.toContain(foreign)
    } finally {
      publisher.disconnect()
      for (const s of streams) s.close()
    }
  })
})

describe("teardown", () => {
  it("leaks no subscription when clients leave", async () => {
    const { client, restaurant, slug, dishes, order } = await ownerWithMenu(api)
    const placed = await new Client(api.baseUrl).post(`/api/menu/${slug}/orders`, order(dishes.soup))
    const baseline = await listeners()
    const streams = await Promise.all([
      ...Array.from({ length: 5 }, () => openStream(`/api/restaurants/${restaurant.id}/events`, client.sessionCookie)),
      ...Array.from({ length: 5 }, () => openStream(`/api/orders/${placed.body.token}/events`)),
    ])
    await Promise.all(streams.map((s) => s.next("ready")))
    expect(await listeners()).toBe(baseline + 10)
    for (const s of streams) s.close()
    const deadline = Date.now() + 5_000
    while ((await listeners()) !== baseline && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(await listeners()).toBe(baseline)
  })
})

describe("shutdown", () => {
  it("does not wait forever on open event streams", async () => {
    const own = await startTestApi()
    const { client, restaurant } = await ownerWithMenu(own)
    const response = await fetch(`${own.baseUrl}/api/restaurants/${restaurant.id}/events`, {
      headers: { cookie: client.sessionCookie ?? "" },
    })
    expect(response.status).toBe(200)
    const started = Date.now()
    await own.close()
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
