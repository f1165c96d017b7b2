import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { count, password, signUpOwner, unique } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

let api: TestApi
beforeAll(async () => {
  // Production hashing: what is stored, and what the unknown-email answer costs, is the subject here.
  api = await startTestApi({ SESSION_TTL_HOURS: "1" }, { productionPasswords: true })
})
afterAll(() => api.close())

const restaurantBody = () => ({ slug: unique("auth"), name: "A", currency: "EUR", taxRateBps: 0, tableCount: 1 })

describe("sign up and log in", () => {
  it("signs up with a hashed password and an HttpOnly SameSite session cookie", async () => {
    const client = new Client(api.baseUrl)
    const email = `${unique("New")}@Example.TEST`
    const reply = await client.post("/api/auth/signup", { email, password, name: "New Owner" })
    expect(reply.status).toBe(201)
    expect(reply.body.email).toBe(email.toLowerCase())
    const cookie = reply.headers.get("set-cookie") ?? ""
    expect(cookie).toMatch(/^ardine_session=[A-Za-z0-9_-]{43};/)
    expect(cookie).toContain("HttpOnly")
    expect(cookie).toContain("SameSite=Lax")
    // The test server runs as a local http deployment; production origins are https and get Secure.
    expect(cookie).not.toContain("Secure")
    const { rows } = await api.db.query("SELECT password_hash FROM users WHERE email = $1", [email.toLowerCase()])
    expect(rows[0].password_hash).toMatch(/^scrypt\$131072\$8\$1\$/)
    expect(rows[0].password_hash).not.toContain(password)
    const { rows: sessions } = await api.db.query("SELECT token_hash FROM sessions WHERE user_id = $1", [reply.body.id])
    expect(sessions).toHaveLength(1)
    expect(cookie).not.toContain(sessions[0].token_hash)
    expect((await client.get("/api/auth/me")).body.email).toBe(email.toLowerCase())
  })

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const { email } = await signUpOwner(api)
    const wrong = await new Client(api.baseUrl).post("/api/auth/login", { email, password: "not the password" })
    const unknown = await new Client(api.baseUrl).post("/api/auth/login", {
      email: `${unique("nobody")}@example.test`,
      password,
    })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body).toEqual(unknown.body)
    expect(wrong.body._tag).toBe("InvalidCredentials")
    expect(wrong.headers.get("set-cookie")).toBeNull()
    const right = await new Client(api.baseUrl).post("/api/auth/login", { email, password })
    expect(right.status).toBe(200)
  })

  it("refuses owner endpoints without a session, and with a forged cookie", async () => {
    const anonymous = await new Client(api.baseUrl).get("/api/restaurants")
    expect(anonymous.status).toBe(401)
    expect(anonymous.body._tag).toBe("Unauthorized")
    const forged = await new Client(api.baseUrl).withCookie(`ardine_session=${"x".repeat(43)}`).get("/api/restaurants")
    expect(forged.status).toBe(401)
  })

  it("expires sessions", async () => {
    const { client, user } = await signUpOwner(api)
    expect((await client.get("/api/auth/me")).status).toBe(200)
    await api.db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1", [user.id])
    const expired = await client.get("/api/auth/me")
    expect(expired.status).toBe(401)
    expect(expired.body._tag).toBe("Unauthorized")
  })

  it("logout invalidates the session on the server, not just the cookie", async () => {
    const { client, user } = await signUpOwner(api)
    const stolen = client.sessionCookie
    const out = await client.post("/api/auth/logout")
    expect(out.status).toBe(204)
    expect(out.headers.get("set-cookie")).toMatch(/ardine_session=;.*Max-Age=0/)
    expect(await count(api, "sessions", "user_id = $1", [user.id])).toBe(0)
    const replay = await new Client(api.baseUrl).withCookie(stolen).get("/api/auth/me")
    expect(replay.status).toBe(401)
  })
})

describe("cross-site request defence", () => {
  it("refuses a cross-origin POST that carries a valid session cookie, and writes nothing", async () => {
    const { client, user } = await signUpOwner(api)
    const before = await count(api, "restaurants", "owner_id = $1", [user.id])
    for (const headers of [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
      { "sec-fetch-site": "same-site" },
    ]) {
      const reply = await client.post("/api/restaurants", restaurantBody(), headers)
      expect(reply.status).toBe(403)
      expect(reply.body._tag).toBe("CrossSiteRequestRefused")
    }
    expect(await count(api, "restaurants", "owner_id = $1", [user.id])).toBe(before)
  })

  it("accepts same-origin browser writes and the app's configured origin", async () => {
    const { client } = await signUpOwner(api)
    const sameOrigin = await client.post("/api/restaurants", restaurantBody(), { "sec-fetch-site": "same-origin" })
    expect(sameOrigin.status).toBe(201)
    const appOrigin = await client.post("/api/restaurants", restaurantBody(), { origin: "http://localhost:4000" })
    expect(appOrigin.status).toBe(201)
    const selfHost = await client.post("/api/restaurants", restaurantBody(), { origin: api.baseUrl })
    expect(selfHost.status).toBe(201)
  })

  it("does not guard requests without a session cookie (nothing ambient to abuse)", async () => {
    const reply = await new Client(api.baseUrl).post(
      "/api/auth/login",
      { email: "x@example.test", password: "whatever-it-is" },
      { origin: "https://evil.example" },
    )
    expect(reply.status).toBe(401)
  })
})

describe("rate limits", () => {
  it("limits log-in attempts per client with a 429 and Retry-After, while menu reads stay open", async () => {
    const limited = await startTestApi({ RATE_LIMIT_AUTH_PER_MINUTE: "3", RATE_LIMIT_PUBLIC_PER_MINUTE: "1000" })
    try {
      const client = new Client(limited.baseUrl)
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) {
        const reply = await client.post("/api/auth/login", { email: "x@example.test", password: "wrong-password" })
        statuses.push(reply.status)
        if (reply.status === 429) {
          expect(reply.body._tag).toBe("RateLimited")
          expect(Number(reply.headers.get("retry-after"))).toBeGreaterThan(0)
        }
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429])
      // A dining room behind one IP: hundreds of menu reads a minute must pass.
      const reads = await Promise.all(Array.from({ length: 300 }, () => client.get("/api/menu/no-such-menu")))
      expect(reads.filter((r) => r.status === 429)).toHaveLength(0)
    } finally {
      await limited.close()
    }
  })
})
