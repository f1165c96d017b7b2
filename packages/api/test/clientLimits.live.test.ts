import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { freePort } from "../../../test/deploy/support.js"
import { password, signUpOwner, unique } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

// Who a client is, for the per-client limits: through trusted proxies, per IPv6 /64, and with Redis down.
// The log-in limit is 2 a minute here; the test client connects from 127.0.0.1.
let api: TestApi
beforeAll(async () => {
  api = await startTestApi({
    TRUST_PROXY: "true",
    TRUSTED_PROXIES: "127.0.0.1, 203.0.113.0/24",
    RATE_LIMIT_AUTH_PER_MINUTE: "2",
  })
})
afterAll(() => api.close())

/** The statuses of one log-in attempt per X-Forwarded-For value, in order. */
const logInsVia = async (target: TestApi, forwardedFor: ReadonlyArray<string | undefined>) => {
  const statuses: number[] = []
  for (const header of forwardedFor) {
    const reply = await new Client(target.baseUrl).post(
      "/api/auth/login",
      { email: "nobody@example.test", password: "wrong-password" },
      header === undefined ? {} : { "x-forwarded-for": header },
    )
    statuses.push(reply.status)
  }
  return statuses
}

describe("the client address behind proxies (TRUST_PROXY with TRUSTED_PROXIES)", () => {
  it("is the right-most hop not in the trusted list: entries a client writes itself change nothing", async () => {
    // The untrusted hop 198.51.100.7 reached the trusted ones; whatever it claimed before that is its own.
    const statuses = await logInsVia(api, [
      "198.51.100.7",
      "10.9.9.9, 198.51.100.7",
      `${unique("x")}, 1.2.3.4, 198.51.100.7`,
      "198.51.100.7, 203.0.113.9",
    ])
    expect(statuses).toEqual([401, 401, 429, 429])
    // Trusted proxies are skipped: the client is the hop before them.
    expect(await logInsVia(api, ["198.51.100.8, 203.0.113.5, 203.0.113.6", "198.51.100.8"])).toEqual([401, 401])
    expect(await logInsVia(api, ["198.51.100.8"])).toEqual([429])
  })

  it("groups IPv6 clients by /64 (IPv4-mapped addresses count as IPv4)", async () => {
    const sameNetwork = ["2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:5", "2001:DB8:1:2:0:0:0:9"]
    expect(await logInsVia(api, sameNetwork)).toEqual([401, 401, 429])
    expect(await logInsVia(api, ["2001:db8:1:3::1"])).toEqual([401])
    expect(await logInsVia(api, ["198.51.100.20", "::ffff:198.51.100.20", "::ffff:c633:6414"])).toEqual([401, 401, 429])
  })

  it("without TRUST_PROXY is the socket's peer: X-Forwarded-For is ignored", async () => {
    const direct = await startTestApi({ RATE_LIMIT_AUTH_PER_MINUTE: "2" })
    try {
      expect(await logInsVia(direct, ["198.51.100.30", "198.51.100.31", "198.51.100.32"])).toEqual([401, 401, 429])
    } finally {
      await direct.close()
    }
  })

  it("refuses to start with a TRUSTED_PROXIES entry that is not an address or a CIDR", async () => {
    await expect(startTestApi({ TRUST_PROXY: "true", TRUSTED_PROXIES: "10.0.0.0/8, proxy.internal" })).rejects.toThrow(
      /TRUSTED_PROXIES/,
    )
  })
})

describe("with Redis down", () => {
  let down: TestApi
  beforeAll(async () => {
    // Nothing listens on this port: every Redis command fails.
    down = await startTestApi({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, RATE_LIMIT_AUTH_PER_MINUTE: "3" })
  }, 30_000)
  afterAll(() => down.close())

  it("keeps limiting log-in and sign-up attempts, counted in memory", async () => {
    const email = `${unique("taken")}@example.test`
    await down.db.query("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Taken', 'scrypt$1$1$1$AA$AA')", [
      email,
    ])
    const signUp = () => new Client(down.baseUrl).post("/api/auth/signup", { email, password, name: "Probe" })
    expect(await logInsVia(down, [undefined, undefined])).toEqual([401, 401])
    expect((await signUp()).status).toBe(409)
    const refused = await signUp()
    expect(refused.status).toBe(429)
    expect(refused.body._tag).toBe("RateLimited")
    expect(await logInsVia(down, [undefined, undefined])).toEqual([429, 429])
  })
})

describe("sign-up", () => {
  it("shares the log-in limit, so probing which emails have accounts is as slow as guessing passwords", async () => {
    const limited = await startTestApi({ RATE_LIMIT_AUTH_PER_MINUTE: "3" })
    try {
      const { email } = await signUpOwner(limited)
      const statuses: number[] = []
      for (let i = 0; i < 3; i++) {
        const reply = await new Client(limited.baseUrl).post("/api/auth/signup", { email, password, name: "Probe" })
        statuses.push(reply.status)
        if (reply.status === 429) expect(reply.body._tag).toBe("RateLimited")
      }
      // The first sign-up counted too: 3 a minute from this address, then 429 (log-in included).
      expect(statuses).toEqual([409, 409, 429])
      expect((await new Client(limited.baseUrl).post("/api/auth/login", { email, password })).status).toBe(429)
    } finally {
      await limited.close()
    }
  })
})
