import { ownerWithMenu } from "@ardine/api/test-support/fixtures"
import type { Json } from "@ardine/api/test-support/httpClient"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Harness, startPrivateApi, TABLES } from "./support.js"

// Generated payloads against the public JSON endpoints, each property for a bounded time. For every request:
// no 5xx, every 4xx is a JSON error with a `_tag`, and a 4xx writes no row. The server must stay up.

const PER_PROPERTY_MS = 3_500
/** A request still unanswered after this long is a failure, not something the time limit may cut off. */
const REQUEST_TIMEOUT_MS = 10_000

let harness: Harness
let slug = ""
let dishes: ReadonlyArray<string> = []
let email = ""
let order: Awaited<ReturnType<typeof ownerWithMenu>>["order"]

beforeAll(async () => {
  harness = await startPrivateApi("fuzz")
  const owner = await ownerWithMenu(harness.api, { tableCount: 10 })
  slug = owner.slug
  order = owner.order
  dishes = Object.values(owner.dishes)
  email = owner.email
}, 60_000)

afterAll(async () => {
  await harness?.close()
})

const rowCounts = async () => {
  const { rows } = await harness.api.db.query<{ counts: Record<string, number> }>(
    `SELECT json_build_object(${TABLES.map((t) => `'${t}', (SELECT count(*) FROM ${t})`).join(", ")}) AS counts`,
  )
  return rows[0]?.counts
}

/** Every byte outside the unreserved set percent-encoded: works for any string, lone surrogates included. */
const pathSegment = (s: string | Uint8Array) =>
  [...Buffer.from(typeof s === "string" ? Buffer.from(s, "utf8") : s)]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, "0")}`,
    )
    .join("")

interface Attempt {
  readonly method: "GET" | "POST"
  readonly path: string
  readonly body?: string
}

const seen = { requests: 0, statuses: new Map<number, number>() }

/** One request, judged. */
const judge = async ({ method, path, body }: Attempt) => {
  const before = await rowCounts()
  const response = await fetch(`${harness.api.baseUrl}${path}`, {
    method,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    ...(body === undefined ? {} : { body, headers: { "content-type": "application/json" } }),
  })
  const text = await response.text()
  seen.requests++
  seen.statuses.set(response.status, (seen.statuses.get(response.status) ?? 0) + 1)
  const where = `${method} ${path.slice(0, 200)} ${body?.slice(0, 300) ?? ""} -> ${response.status} ${text.slice(0, 300)}`
  expect(response.status, where).toBeLessThan(500)
  if (response.status >= 400) {
    let parsed: Json
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = undefined
    }
    expect(typeof parsed?._tag, where).toBe("string")
    expect(await rowCounts(), `a ${response.status} wrote a row: ${where}`).toEqual(before)
  }
}

// The time limit interrupts the run without waiting for the request in flight (a sign-up hashes for a good
// part of a second): it must finish before the next property counts rows, or its write lands in that count,
// and it is judged like the others (a slow request that then fails must not pass because time ran out).
let inflight: Promise<unknown> = Promise.resolve()

const fuzz = async <T>(arbitrary: fc.Arbitrary<T>, attempt: (value: T) => Attempt) => {
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const judged = judge(attempt(value))
        inflight = judged
        await judged
      }),
      { interruptAfterTimeLimit: PER_PROPERTY_MS, numRuns: 1_000_000, endOnFailure: true },
    )
  } finally {
    await inflight
  }
}

/** Strings a person would never type: any code point, control characters, lone surrogates, huge ones. */
const nastyString = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  // biome-ignore lint/suspicious/noControlCharactersInRegex: generating control characters is the point
  fc.stringMatching(/^[\u0000-\u001f\u007f\ufffd\ud800-\udfff'"<>\\%;-]{0,40}$/),
  fc.constantFrom("", " ", "x".repeat(10_240), "'; DROP TABLE orders;--", "<script>alert(1)</script>", "\u0000"),
)

const anyValue = fc.oneof(
  fc.jsonValue(),
  nastyString,
  fc.constantFrom(0, -1, 1.5, 2 ** 53, -(2 ** 53), 1e300, -0, 51, 501, null, true, [], {}),
)

describe("fuzzing the public JSON endpoints", () => {
  it("place order: arbitrary JSON bodies", async () => {
    await fuzz(fc.jsonValue(), (value) => ({
      method: "POST",
      path: `/api/menu/${slug}/orders`,
      body: JSON.stringify(value),
    }))
  })

  it("place order: near-valid orders with mutated fields", async () => {
    const fields = ["table", "tableToken", "items", "customerName", "customerPhone", "paymentMethod", "extra"] as const
    const mutation = fc.record({
      field: fc.constantFrom(...fields),
      value: fc.option(anyValue, { nil: undefined }),
      line: fc.record({
        dishId: fc.oneof(fc.constantFrom(...dishes), fc.uuid(), nastyString),
        quantity: fc.oneof(fc.integer({ min: -5, max: 60 }), anyValue),
      }),
      mutateLine: fc.boolean(),
    })
    await fuzz(mutation, ({ field, value, line, mutateLine }) => {
      const body: Record<string, unknown> = { ...order(dishes[0] ?? "") }
      if (mutateLine) body.items = [line]
      else if (value === undefined) delete body[field]
      else body[field] = value
      return { method: "POST", path: `/api/menu/${slug}/orders`, body: JSON.stringify(body) }
    })
  })

  it("sign-up and log-in: generated credentials", async () => {
    const credentials = fc.record(
      {
        email: fc.oneof(fc.emailAddress(), nastyString, anyValue, fc.constant(email)),
        password: fc.oneof(nastyString, anyValue),
        name: fc.oneof(nastyString, anyValue),
      },
      { requiredKeys: [] },
    )
    await fuzz(fc.tuple(fc.boolean(), credentials), ([signUp, body]) => ({
      method: "POST",
      path: signUp ? "/api/auth/signup" : "/api/auth/login",
      body: JSON.stringify(body),
    }))
  })

  it("menu by arbitrary slugs, orders by arbitrary tokens, and table cards by arbitrary codes", async () => {
    const segment = fc.oneof(
      nastyString.filter((s) => s.length > 0),
      fc.uint8Array({ minLength: 1, maxLength: 64 }),
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      fc.stringMatching(/^[0-9A-Za-z-]{12,14}$/),
    )
    await fuzz(fc.tuple(fc.constantFrom("/api/menu/", "/api/orders/", "/api/tables/"), segment), ([prefix, value]) => ({
      method: "GET",
      path: `${prefix}${pathSegment(value)}`,
    }))
  })

  it("the server is still up, and answered a spread of statuses", async () => {
    const live = await fetch(`${harness.api.baseUrl}/api/health/live`)
    expect(live.status).toBe(200)
    console.info(`fuzz: ${seen.requests} requests, statuses ${JSON.stringify(Object.fromEntries(seen.statuses))}`)
    expect(seen.requests).toBeGreaterThan(100)
    // The generators reach different refusals (bad input, unknown slug or token), not one answer to all.
    const statuses = [...seen.statuses.keys()]
    expect(statuses).toEqual(expect.arrayContaining([400, 404]))
    expect(statuses.filter((s) => s >= 400 && s < 500).length).toBeGreaterThanOrEqual(3)
  })
})
