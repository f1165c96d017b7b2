/**
 * The bad-input corpus: what a case is, the fixture every case runs against, and how "nothing was written"
 * is proven (every table's row count and a digest of its rows, plus every file under the storage directory).
 */
import { createHash, randomBytes } from "node:crypto"
import { readdir, readFile } from "node:fs/promises"
import { join, relative } from "node:path"
import { ownerWithMenu, signUpOwner } from "@ardine/api/test-support/fixtures"
import { Client, type Json, type Reply } from "@ardine/api/test-support/httpClient"
import { startTestApi, type TestApi } from "@ardine/api/test-support/testApi"
import { expect, inject } from "vitest"
import { adminQuery, withDatabase } from "../support/database-url.js"

export type Owner = Awaited<ReturnType<typeof ownerWithMenu>>

/** What the cases can name: two owners with menus, orders in every kitchen state, and spent credentials. */
export interface Fixture {
  readonly baseUrl: string
  /** The victim: restaurant with soup, steak and a sold-out pie. */
  readonly a: Owner
  /** Another owner, signed in: every request of theirs at A's resources must be a 404. */
  readonly b: Owner
  readonly orders: {
    readonly received: string
    readonly preparing: string
    readonly served: string
    readonly cancelled: string
    /** An order of B's restaurant. */
    readonly others: string
  }
  /** The diner link of A's received order. */
  readonly token: string
  /** A session cookie whose row says it expired an hour ago. */
  readonly expiredCookie: string
  /** The cookie of a session that was logged out. */
  readonly loggedOutCookie: string
  /** An Idempotency-Key already used for `idempotentBody` at A's menu. */
  readonly idempotencyKey: string
  readonly idempotentBody: Record<string, unknown>
  readonly idempotentOrderId: string
  /** The images bucket's URL prefix, e.g. "/storage/ardine-images". */
  readonly storagePrefix: string
}

export type Caller = "anonymous" | "a" | "b" | "expired" | "forged" | "loggedOut"

export type Body =
  | { readonly json: unknown }
  | { readonly raw: string | Buffer; readonly contentType?: string }
  | { readonly form: FormData }

export const TABLES = ["users", "sessions", "restaurants", "dishes", "orders", "order_items"] as const
export type Table = (typeof TABLES)[number]
/** "storage": files under STORAGE_DIR. */
export type Store = Table | "storage"

export interface Context {
  readonly fx: Fixture
  readonly api: TestApi
}

export interface Case {
  readonly name: string
  /** Whose cookie is sent: A's, B's, a spent one or none (the default). */
  readonly as?: Caller
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
  readonly path: (fx: Fixture) => string
  readonly headers?: (fx: Fixture) => Record<string, string>
  readonly body?: (fx: Fixture) => Body | Promise<Body>
  readonly status: number
  /** The error body's `_tag`; null when the answer is deliberately not a JSON error (e.g. Node's own 431). */
  readonly tag: string | null
  /**
   * Stores the case may change, with the change in row (or file) count. Every store not named here must be
   * exactly as before: same count, same digest of every row. Empty (the default): nothing written at all.
   */
  readonly writes?: Partial<Record<Store, number>>
  /** Further checks on the answer (what was stored, what is shown back). */
  readonly check?: (reply: Reply<Json>, ctx: Context) => Promise<void> | void
  /** A server bug this case exposes today: the case is expected to fail until it is fixed (see the report). */
  readonly knownBug?: string
}

export interface Theme {
  readonly theme: string
  readonly cases: ReadonlyArray<Case>
}

// ---------------------------------------------------------------------------------------------------------------
// A private database: this suite asserts that NOTHING is written, and other files write to the shared one.

export interface Harness {
  readonly api: TestApi
  readonly close: () => Promise<void>
}

export const startPrivateApi = async (label: string, overrides: Record<string, string> = {}): Promise<Harness> => {
  const shared = inject("databaseUrl")
  const database = `ardine_test_${label}_${Date.now()}_${randomBytes(3).toString("hex")}`
  await adminQuery(shared, `CREATE DATABASE ${database}`)
  const api = await startTestApi({ DATABASE_URL: withDatabase(shared, database), ...overrides })
  return {
    api,
    close: async () => {
      await api.close()
      if (process.env.KEEP_TEST_DATABASE === undefined) {
        await adminQuery(shared, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      }
    },
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Snapshots.

export type Snapshot = Record<Store, { readonly count: number; readonly digest: string }>

const files = async (root: string): Promise<Array<{ path: string; hash: string }>> => {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])
  const out: Array<{ path: string; hash: string }> = []
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const full = join(entry.parentPath, entry.name)
    out.push({
      path: relative(root, full),
      hash: createHash("sha256")
        .update(await readFile(full))
        .digest("hex"),
    })
  }
  return out.sort((x, y) => x.path.localeCompare(y.path))
}

export const storedFiles = (api: TestApi) => files(api.settings.STORAGE_DIR ?? "")

export const snapshot = async (api: TestApi): Promise<Snapshot> => {
  const { rows } = await api.db.query<{ name: Table; count: number; digest: string }>(
    TABLES.map(
      (t) =>
        `SELECT '${t}' AS name, count(*)::int AS count, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM ${t} t`,
    ).join(" UNION ALL "),
  )
  const stored = await storedFiles(api)
  const tables = Object.fromEntries(rows.map((r) => [r.name, { count: r.count, digest: r.digest }]))
  return {
    ...tables,
    storage: {
      count: stored.length,
      digest: createHash("md5").update(JSON.stringify(stored)).digest("hex"),
    },
  } as Snapshot
}

export const STORES: ReadonlyArray<Store> = [...TABLES, "storage"]

/** Stores named in `writes` grew by exactly that much; every other store is identical, row for row. */
export const expectWrites = (before: Snapshot, after: Snapshot, writes: Partial<Record<Store, number>> = {}) => {
  const expected = Object.fromEntries(
    STORES.map((s) => [s, writes[s] === undefined ? before[s] : { count: before[s].count + writes[s], digest: "*" }]),
  )
  const actual = Object.fromEntries(
    STORES.map((s) => [s, writes[s] === undefined ? after[s] : { count: after[s].count, digest: "*" }]),
  )
  expect(actual, "only the stores the case names may change").toEqual(expected)
}

// ---------------------------------------------------------------------------------------------------------------
// The fixture.

export const buildFixture = async (api: TestApi): Promise<Fixture> => {
  const a = await ownerWithMenu(api, { tableCount: 10 })
  const b = await ownerWithMenu(api, { tableCount: 4 })
  const diner = new Client(api.baseUrl)
  const place = async (owner: Owner, dishId: string, headers?: Record<string, string>, body?: unknown) => {
    const placed = await diner.post(`/api/menu/${owner.slug}/orders`, body ?? owner.order(dishId), headers)
    expect(placed.status, placed.text).toBe(201)
    return placed.body as Json
  }
  const move = async (orderId: string, ...statuses: ReadonlyArray<string>) => {
    for (const status of statuses) {
      const moved = await a.client.patch(`/api/restaurants/${a.restaurant.id}/orders/${orderId}/status`, { status })
      expect(moved.status, moved.text).toBe(200)
    }
  }
  const received = await place(a, a.dishes.soup)
  const preparing = (await place(a, a.dishes.steak)).order.id
  const served = (await place(a, a.dishes.soup)).order.id
  const cancelled = (await place(a, a.dishes.soup)).order.id
  await move(preparing, "preparing")
  await move(served, "preparing", "ready", "served")
  await move(cancelled, "cancelled")
  const others = (await place(b, b.dishes.soup)).order.id

  const idempotencyKey = `corpus-${randomBytes(8).toString("hex")}`
  const idempotentBody = a.order(a.dishes.steak, 2, { customerName: "Idem Potent" })
  const idempotent = await place(a, a.dishes.steak, { "idempotency-key": idempotencyKey }, idempotentBody)

  const expiring = await signUpOwner(api)
  await api.db.query(`UPDATE sessions SET expires_at = now() - interval '1 hour' WHERE user_id = $1`, [
    expiring.user.id,
  ])
  const leaving = await signUpOwner(api)
  const loggedOutCookie = leaving.client.sessionCookie ?? ""
  const out = await leaving.client.post("/api/auth/logout")
  expect(out.status, out.text).toBeLessThan(300)

  return {
    baseUrl: api.baseUrl,
    a,
    b,
    orders: { received: received.order.id, preparing, served, cancelled, others },
    token: received.token,
    expiredCookie: expiring.client.sessionCookie ?? "",
    loggedOutCookie,
    idempotencyKey,
    idempotentBody,
    idempotentOrderId: idempotent.order.id,
    storagePrefix: `/storage/${api.settings.S3_BUCKET_IMAGES ?? "dish-images"}`,
  }
}

export const clientFor = (fx: Fixture, caller: Caller = "anonymous"): Client => {
  const anonymous = new Client(fx.baseUrl)
  switch (caller) {
    case "a":
      return fx.a.client
    case "b":
      return fx.b.client
    case "expired":
      return anonymous.withCookie(fx.expiredCookie)
    case "loggedOut":
      return anonymous.withCookie(fx.loggedOutCookie)
    case "forged":
      return anonymous.withCookie(`ardine_session=${"A".repeat(43)}`)
    case "anonymous":
      return anonymous
  }
}

/** Sends a case as a browser or curl would. Cookies are copied, so no case changes another's session. */
export const send = async (c: Case, fx: Fixture): Promise<Reply<Json>> => {
  const base = clientFor(fx, c.as)
  const client = base.withCookie(base.sessionCookie)
  const headers = c.headers?.(fx) ?? {}
  const body = c.body === undefined ? undefined : await c.body(fx)
  if (body === undefined) return client.request(c.method, c.path(fx), { headers })
  if ("json" in body) return client.request(c.method, c.path(fx), { json: body.json, headers })
  if ("form" in body) return client.request(c.method, c.path(fx), { body: body.form, headers })
  return client.request(c.method, c.path(fx), {
    body: body.raw,
    headers: { "content-type": body.contentType ?? "application/json", ...headers },
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers the case files share.

export const DECODE = "HttpApiDecodeError"
export const tenKb = "x".repeat(10 * 1024)
export const A_UUID = "6f1d3c1e-2b7a-4c55-9d0e-5a4b3c2d1e0f"
/** Valid in shape (43 base64url characters), unguessable, and matching no order. */
export const UNKNOWN_TOKEN = "Q".repeat(43)

/** A valid order for A's menu, with the given fields replaced. */
/** A valid order at A's table 3 (with that table's token), changed by `changes`. */
export const orderFor = (fx: Fixture, changes: Record<string, unknown> = {}) => fx.a.order(fx.a.dishes.soup, 1, changes)

export const aRestaurant = (fx: Fixture) => `/api/restaurants/${fx.a.restaurant.id}`
export const aDish = (fx: Fixture) => `${aRestaurant(fx)}/dishes/${fx.a.dishes.soup}`
export const aMenuOrders = (fx: Fixture) => `/api/menu/${fx.a.slug}/orders`

/** JSON text with `token` written literally where the value "@@" stands (NaN, Infinity, 1e400...). */
export const literal = (body: unknown, token: string) => JSON.stringify(body).replace('"@@"', token)

/** JSON text whose string containing "@@" gets raw bytes there (invalid UTF-8 when they are). */
export const withBytes = (body: unknown, bytes: ReadonlyArray<number>) => {
  const [before = "", after = ""] = JSON.stringify(body).split("@@")
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)])
}

/** The answer is JSON, not something a browser would sniff and run. */
export const expectInertJson = (reply: Reply<Json>) => {
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/)
  expect(reply.headers.get("x-content-type-options")).toBe("nosniff")
  expect(reply.headers.get("content-security-policy")).toContain("default-src 'none'")
}
