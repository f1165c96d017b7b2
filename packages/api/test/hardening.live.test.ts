import { randomBytes, scryptSync } from "node:crypto"
import { createConnection, createServer, type Server, type Socket } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { count, ownerWithMenu, password, signUpOwner, unique } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import { startTestApi, type TestApi } from "./support/testApi.js"
import { startTestApiOnDoubles } from "./support/testApiOnDoubles.js"

// Security hardening at the API's edge, against the real API (real Postgres, Redis, clamd).
let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(() => api.close())

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

describe("Strict-Transport-Security", () => {
  it("is sent on every answer (cached menu hits too) when the app is served over https, never over http", async () => {
    const https = await startTestApi({ APP_ORIGIN: "https://ardine.example" })
    try {
      const { slug } = await ownerWithMenu(https)
      const diner = new Client(https.baseUrl)
      // The second read is answered from the menu cache, in front of the HTTP framework.
      for (const path of ["/api/health/live", `/api/menu/${slug}`, `/api/menu/${slug}`, "/api/nowhere", "/"]) {
        const reply = await diner.get(path)
        expect(reply.headers.get("strict-transport-security"), path).toBe("max-age=31536000; includeSubDomains")
      }
    } finally {
      await https.close()
    }
    const { slug } = await ownerWithMenu(api)
    for (const path of ["/api/health/live", `/api/menu/${slug}`, `/api/menu/${slug}`]) {
      expect((await new Client(api.baseUrl).get(path)).headers.get("strict-transport-security"), path).toBeNull()
    }
  })
})

describe("payments", () => {
  it("refuses to mark a cancelled order paid, with a 409 and nothing written", async () => {
    const { order, slug, dishes, client, restaurant } = await ownerWithMenu(api)
    const placed = await new Client(api.baseUrl).post(`/api/menu/${slug}/orders`, order(dishes.soup))
    expect(placed.status, placed.text).toBe(201)
    const path = `/api/restaurants/${restaurant.id}/orders/${placed.body.order.id}`
    expect((await client.patch(`${path}/status`, { status: "cancelled" })).status).toBe(200)
    const paid = await client.post(`${path}/paid`)
    expect(paid.status, paid.text).toBe(409)
    expect(paid.body).toMatchObject({ _tag: "OrderNotPayable", status: "cancelled" })
    const { rows } = await api.db.query("SELECT payment_status FROM orders WHERE id = $1", [placed.body.order.id])
    expect(rows[0].payment_status).toBe("Pending")
    // An order still open can be paid, and an unknown one is still "not found".
    const open = await new Client(api.baseUrl).post(`/api/menu/${slug}/orders`, order(dishes.steak))
    const openPath = `/api/restaurants/${restaurant.id}/orders/${open.body.order.id}`
    expect((await client.post(`${openPath}/paid`)).status).toBe(200)
    const unknown = await client.post(`/api/restaurants/${restaurant.id}/orders/${crypto.randomUUID()}/paid`)
    expect(unknown.status).toBe(404)
  })
})

const geometry = {
  vessel: { kind: "bowl", diameterCm: 16, heightCm: 7, rimCm: 1, color: "#223344", roughness: 0.4 },
  components: [
    { shape: "liquid", widthCm: 13, heightCm: 5, position: { x: 0, z: 0 }, count: 1, color: "#aa3311", roughness: 0.2 },
  ],
}

describe("the owner's model budget", () => {
  it("counts shape edits and rebuilds like photo uploads: over budget is a 429 that changes nothing", async () => {
    // Ardine's own budget logic: on the doubles (rate limits counted in memory), with only Postgres real.
    const budgeted = await startTestApiOnDoubles({ RATE_LIMIT_UPLOADS_PER_HOUR: "2" })
    try {
      const { client, restaurant, dishes } = await ownerWithMenu(budgeted)
      await budgeted.db.query(
        `UPDATE dishes SET image_key = $2, geometry = $3, model_status = 'failed' WHERE id = $1`,
        [dishes.soup, `restaurants/${restaurant.id}/dishes/${dishes.soup}/photo-0.jpg`, JSON.stringify(geometry)],
      )
      const dish = `/api/restaurants/${restaurant.id}/dishes/${dishes.soup}`
      // A dish without a photo is refused before anything is spent.
      const noPhoto = await client.post(`/api/restaurants/${restaurant.id}/dishes/${dishes.steak}/regenerate`)
      expect(noPhoto.body._tag).toBe("DishHasNoPhoto")
      expect((await client.request("PUT", `${dish}/geometry`, { json: geometry })).status).toBe(200)
      expect((await client.post(`${dish}/regenerate`)).status).toBe(200)
      const version = async () =>
        (await budgeted.db.query("SELECT model_version, model_status FROM dishes WHERE id = $1", [dishes.soup])).rows[0]
      await budgeted.db.query("UPDATE dishes SET model_status = 'failed' WHERE id = $1", [dishes.soup])
      const before = await version()
      for (const attempt of [
        () => client.post(`${dish}/regenerate`),
        () => client.request("PUT", `${dish}/geometry`, { json: { ...geometry, components: [] } }),
      ]) {
        const refused = await attempt()
        expect(refused.status, refused.text).toBe(429)
        expect(refused.body._tag).toBe("RateLimited")
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0)
      }
      expect(await version()).toEqual(before)
    } finally {
      await budgeted.close()
    }
  })
})

/** A TCP relay to the real clamd that counts the connections made through it, and can refuse them. */
const countingRelay = async (target: number) => {
  const state = { connections: 0, refuse: false }
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    state.connections++
    sockets.add(client)
    client.on("close", () => sockets.delete(client))
    if (state.refuse) return client.destroy()
    const upstream = createConnection({ host: "127.0.0.1", port: target })
    client.pipe(upstream).pipe(client)
    const end = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on("error", end)
    upstream.on("error", end)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  if (address === null || typeof address === "string") throw new Error("expected a TCP address")
  return {
    port: address.port,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

describe("the readiness probe", () => {
  it("checks its dependencies at most once a second however often it is called, and stays current", async () => {
    const relay = await countingRelay(Number(process.env.CLAMD_PORT ?? 3399))
    const probed = await startTestApi({ CLAMAV_PORT: String(relay.port) })
    try {
      const ready = () => new Client(probed.baseUrl).get("/api/health/ready")
      expect((await ready()).body.checks.scanner).toBe("up")
      await sleep(1_100)
      const before = relay.state.connections
      const started = Date.now()
      const burst = await Promise.all(Array.from({ length: 40 }, ready))
      for (let i = 0; i < 20; i++) burst.push(await ready())
      const elapsed = Date.now() - started
      expect(burst.every((reply) => reply.status === 200 && reply.body.checks.scanner === "up")).toBe(true)
      // 60 probes: one check per second they spanned (not 60 connections to clamd).
      expect(relay.state.connections - before).toBeGreaterThanOrEqual(1)
      expect(relay.state.connections - before).toBeLessThanOrEqual(1 + Math.floor(elapsed / 1_000))

      // The cached answer expires: a scanner that went away shows as down within a second or two.
      relay.state.refuse = true
      await sleep(1_100)
      const after = await ready()
      expect(after.status).toBe(200)
      expect(after.body.checks.scanner).toBe("down")
    } finally {
      await probed.close()
      await relay.close()
    }
  })
})

/** A hash as the previous release stored it: scrypt N=2^15, r=8, p=1. */
const oldHash = (plain: string) => {
  const salt = randomBytes(16)
  const key = scryptSync(plain.normalize("NFKC"), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 })
  return `scrypt$32768$8$1$${salt.toString("base64")}$${key.toString("base64")}`
}

describe("password hashes", () => {
  // Production hashing, whose parameters are the subject.
  let production: TestApi
  beforeAll(async () => {
    production = await startTestApi({}, { productionPasswords: true })
  })
  afterAll(() => production.close())

  it("verifies a hash with older scrypt parameters and replaces it at log-in with today's (N=2^17)", async () => {
    const api = production
    const email = `${unique("old")}@example.test`
    const stored = oldHash(password)
    const { rows } = await api.db.query(
      "INSERT INTO users (email, name, password_hash) VALUES ($1, 'Old Owner', $2) RETURNING id",
      [email, stored],
    )
    const hashOf = async () =>
      (await api.db.query("SELECT password_hash FROM users WHERE id = $1", [rows[0].id])).rows[0].password_hash
    // A wrong password changes nothing.
    const wrong = await new Client(api.baseUrl).post("/api/auth/login", { email, password: "not the password" })
    expect(wrong.status).toBe(401)
    expect(await hashOf()).toBe(stored)

    const first = await new Client(api.baseUrl).post("/api/auth/login", { email, password })
    expect(first.status, first.text).toBe(200)
    const upgraded = await hashOf()
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/)
    // The new hash works, and is kept (not rehashed at every log-in).
    const again = await new Client(api.baseUrl).post("/api/auth/login", { email, password })
    expect(again.status).toBe(200)
    expect(await hashOf()).toBe(upgraded)
    expect((await new Client(api.baseUrl).post("/api/auth/login", { email, password: "nope-nope" })).status).toBe(401)
  })
})

describe("expired sessions", () => {
  const expire = (db: TestApi["db"], userId: string) =>
    db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1", [userId])

  it("are deleted when presented", async () => {
    const { client, user } = await signUpOwner(api)
    await expire(api.db, user.id)
    const reply = await client.get("/api/auth/me")
    expect(reply.status).toBe(401)
    expect(await count(api, "sessions", "user_id = $1", [user.id])).toBe(0)
  })

  it("are deleted periodically without being presented, and live ones are kept", async () => {
    const swept = await startTestApi({ SESSION_SWEEP_INTERVAL_MS: "200" })
    try {
      const stale = await signUpOwner(swept)
      const live = await signUpOwner(swept)
      await expire(swept.db, stale.user.id)
      const deadline = Date.now() + 5_000
      while ((await count(swept, "sessions", "user_id = $1", [stale.user.id])) > 0 && Date.now() < deadline)
        await sleep(100)
      expect(await count(swept, "sessions", "user_id = $1", [stale.user.id])).toBe(0)
      expect(await count(swept, "sessions", "user_id = $1", [live.user.id])).toBe(1)
      expect((await live.client.get("/api/auth/me")).status).toBe(200)
    } finally {
      await swept.close()
    }
  })
})
