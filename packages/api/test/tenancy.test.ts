import { ArdineServerApi, Authentication } from "@ardine/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ownerWithMenu, signUpOwner, unique } from "./support/fixtures.js"
import { Client, type Json, type Reply } from "./support/httpClient.js"
import type { TestApi } from "./support/testApi.js"
import { startTestApiOnDoubles } from "./support/testApiOnDoubles.js"

let api: TestApi
beforeAll(async () => {
  api = await startTestApiOnDoubles()
})
afterAll(() => api.close())

type Owner = Awaited<ReturnType<typeof ownerWithMenu>>

interface Target {
  readonly restaurantId: string
  readonly dishId: string
  readonly orderId: string
  readonly table: string
  /** An option group of the dish, one of its options, and the index of an analyzer suggestion. */
  readonly groupId: string
  readonly optionId: string
  readonly suggestion: string
}

interface OwnerEndpoint {
  /** `group.endpoint` as declared in ArdineServerApi. */
  readonly endpoint: string
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
  readonly path: (target: Target) => string
  readonly body?: unknown
  /** A non-JSON body (the photo upload is multipart). */
  readonly raw?: { readonly body: Buffer; readonly contentType: string }
  /** What the owner's own call answers when it is not a 2xx (the positive control below). */
  readonly ownerOutcome?: { readonly status: number; readonly tag: string }
  /** A query string, for a variant of the same endpoint. */
  readonly query?: string
  /** The answer is an endless event stream: only its status is read. */
  readonly stream?: true
  /** The resource below the restaurant that the path names, if any. */
  readonly child?: "dish" | "order"
}

const boundary = "tenancy-test-boundary"

/** A multipart photo upload. The "photo" is not an image: the owner's own call stops at 415 before any AI call. */
const photoUpload = {
  contentType: `multipart/form-data; boundary=${boundary}`,
  body: Buffer.from(
    [
      `--${boundary}`,
      'Content-Disposition: form-data; name="photo"; filename="dish.jpg"',
      "Content-Type: image/jpeg",
      "",
      "not really a photo",
      `--${boundary}`,
      'Content-Disposition: form-data; name="name"',
      "",
      "Hijacked",
      `--${boundary}--`,
      "",
    ].join("\r\n"),
  ),
}

const groupsOf = (t: Target) => `/api/restaurants/${t.restaurantId}/dishes/${t.dishId}/option-groups`

// Every body is one the real owner could send successfully, so a missing ownership check would show as a change.
const ownerEndpoints: ReadonlyArray<OwnerEndpoint> = [
  { endpoint: "restaurants.get", method: "GET", path: (t) => `/api/restaurants/${t.restaurantId}` },
  {
    endpoint: "restaurants.update",
    method: "PATCH",
    path: (t) => `/api/restaurants/${t.restaurantId}`,
    body: { name: "Hijacked", taxRateBps: 0, tableCount: 1 },
  },
  {
    endpoint: "restaurants.setModelKind",
    method: "PUT",
    path: (t) => `/api/restaurants/${t.restaurantId}/model-kind`,
    body: { modelKind: "photoreal" },
  },
  { endpoint: "dishes.list", method: "GET", path: (t) => `/api/restaurants/${t.restaurantId}/dishes` },
  {
    endpoint: "events.restaurant",
    method: "GET",
    path: (t) => `/api/restaurants/${t.restaurantId}/events`,
    stream: true,
  },
  {
    endpoint: "dishes.upload",
    method: "POST",
    path: (t) => `/api/restaurants/${t.restaurantId}/dishes`,
    raw: photoUpload,
    ownerOutcome: { status: 415, tag: "UnsupportedImage" },
  },
  {
    endpoint: "dishes.updateGeometry",
    method: "PUT",
    path: (t) => `/api/restaurants/${t.restaurantId}/dishes/${t.dishId}/geometry`,
    body: {
      vessel: { kind: "plate", diameterCm: 27, heightCm: 2, color: "#ffffff", roughness: 0.3 },
      components: [],
    },
    // The test's dishes have no photo, so the owner's own call is refused after the ownership check.
    ownerOutcome: { status: 409, tag: "DishHasNoPhoto" },
    child: "dish",
  },
  {
    endpoint: "dishes.regenerate",
    method: "POST",
    path: (t) => `/api/restaurants/${t.restaurantId}/dishes/${t.dishId}/regenerate`,
    ownerOutcome: { status: 409, tag: "DishHasNoPhoto" },
    child: "dish",
  },
  {
    endpoint: "dishes.modelKind",
    method: "GET",
    path: (t) => `/api/restaurants/${t.restaurantId}/dishes/${t.dishId}/model-kind`,
    child: "dish",
  },
  {
    endpoint: "dishes.setModelKind",
    method: "PUT",
    path: (t) => `/api/restaurants/${t.restaurantId}/dishes/${t.dishId}/model-kind`,
    body: { modelKind: "photoreal" },
    child: "dish",
  },
  {
    endpoint: "dishes.replacePhoto",
    method: "POST",
    path: (t) => `/api/restaurants/${t.restaurantId}/dishes/${t.dishId}/photo`,
    raw: photoUpload,
    ownerOutcome: { status: 415, tag: "UnsupportedImage" },
    child: "dish",
  },
  {
    endpoint: "dishes.get",
    method: "GET",
    path: (t) => `/api/restaurants/${t.restaurantId}/dishes/${t.dishId}`,
    child: "dish",
  },
  {
    endpoint: "dishes.update",
    method: "PATCH",
    path: (t) => `/api/restaurants/${t.restaurantId}/dishes/${t.dishId}`,
    body: { name: "Hijacked", priceMinor: 1, available: false },
    child: "dish",
  },
  {
    endpoint: "dishes.publish",
    method: "POST",
    path: (t) => `/api/restaurants/${t.restaurantId}/dishes/${t.dishId}/publish`,
    child: "dish",
  },
  {
    endpoint: "dishes.unpublish",
    method: "POST",
    path: (t) => `/api/restaurants/${t.restaurantId}/dishes/${t.dishId}/unpublish`,
    child: "dish",
  },
  {
    endpoint: "orders.list",
    method: "GET",
    path: (t) => `/api/restaurants/${t.restaurantId}/orders`,
  },
  {
    endpoint: "orders.get",
    method: "GET",
    path: (t) => `/api/restaurants/${t.restaurantId}/orders/${t.orderId}`,
    child: "order",
  },
  {
    endpoint: "orders.changeStatus",
    method: "PATCH",
    path: (t) => `/api/restaurants/${t.restaurantId}/orders/${t.orderId}/status`,
    // Not "cancelled": the owner's run marks the same order paid next, and a cancelled order cannot be paid.
    body: { status: "preparing" },
    child: "order",
  },
  {
    endpoint: "orders.markPaid",
    method: "POST",
    path: (t) => `/api/restaurants/${t.restaurantId}/orders/${t.orderId}/paid`,
    child: "order",
  },
  { endpoint: "tables.list", method: "GET", path: (t) => `/api/restaurants/${t.restaurantId}/tables` },
  { endpoint: "tables.rotateAll", method: "POST", path: (t) => `/api/restaurants/${t.restaurantId}/tables/rotate` },
  {
    endpoint: "tables.rotate",
    method: "POST",
    path: (t) => `/api/restaurants/${t.restaurantId}/tables/${t.table}/rotate`,
  },
  { endpoint: "day.get", method: "GET", path: (t) => `/api/restaurants/${t.restaurantId}/day` },
  {
    endpoint: "options.listGroups",
    method: "GET",
    path: (t) => groupsOf(t),
    child: "dish",
  },
  {
    endpoint: "options.createGroup",
    method: "POST",
    path: (t) => groupsOf(t),
    body: { name: "Hijacked", selection: "single", options: [{ name: "Hijacked" }] },
    child: "dish",
  },
  {
    endpoint: "options.updateGroup",
    method: "PATCH",
    path: (t) => `${groupsOf(t)}/${t.groupId}`,
    body: { name: "Hijacked", required: true },
    child: "dish",
  },
  {
    endpoint: "options.reorderGroups",
    method: "PUT",
    path: (t) => `${groupsOf(t)}/order`,
    // The ids are not known when the table is written: the owner's own call is refused after the ownership check.
    body: { groupIds: [] },
    ownerOutcome: { status: 422, tag: "ReorderMismatch" },
    child: "dish",
  },
  {
    endpoint: "options.copyGroup",
    method: "POST",
    path: (t) => `${groupsOf(t)}/${t.groupId}/copy`,
    body: { dishIds: ["00000000-0000-4000-8000-000000000000"] },
    ownerOutcome: { status: 404, tag: "NotFound" },
    child: "dish",
  },
  {
    endpoint: "options.createOption",
    method: "POST",
    path: (t) => `${groupsOf(t)}/${t.groupId}/options`,
    body: { name: "Hijacked", priceDeltaMinor: -100 },
    child: "dish",
  },
  {
    endpoint: "options.reorderOptions",
    method: "PUT",
    path: (t) => `${groupsOf(t)}/${t.groupId}/options/order`,
    body: { optionIds: [] },
    ownerOutcome: { status: 422, tag: "ReorderMismatch" },
    child: "dish",
  },
  {
    endpoint: "options.updateOption",
    method: "PATCH",
    path: (t) => `${groupsOf(t)}/${t.groupId}/options/${t.optionId}`,
    body: { name: "Hijacked", available: false },
    child: "dish",
  },
  {
    endpoint: "options.acceptSuggestion",
    method: "POST",
    path: (t) => `/api/restaurants/${t.restaurantId}/dishes/${t.dishId}/option-suggestions/${t.suggestion}/accept`,
    // The test's dishes were not made from a photo: nothing to accept, after the ownership check.
    ownerOutcome: { status: 404, tag: "NotFound" },
    child: "dish",
  },
  {
    endpoint: "options.dismissSuggestion",
    method: "DELETE",
    path: (t) => `/api/restaurants/${t.restaurantId}/dishes/${t.dishId}/option-suggestions/${t.suggestion}`,
    ownerOutcome: { status: 404, tag: "NotFound" },
    child: "dish",
  },
  {
    endpoint: "options.deleteOption",
    method: "DELETE",
    path: (t) => `${groupsOf(t)}/${t.groupId}/options/${t.optionId}`,
    child: "dish",
  },
  {
    endpoint: "options.deleteGroup",
    method: "DELETE",
    path: (t) => `${groupsOf(t)}/${t.groupId}`,
    child: "dish",
  },
  // Last: if it ever succeeded for the wrong caller, nothing after it would be testing a deleted dish.
  {
    endpoint: "dishes.delete",
    method: "DELETE",
    path: (t) => `/api/restaurants/${t.restaurantId}/dishes/${t.dishId}`,
    child: "dish",
  },
]

/** The filtered list endpoint is the same handler with a query; it gets the same checks. */
const withStatusFilter: OwnerEndpoint = {
  endpoint: "orders.list",
  method: "GET",
  path: (t) => `/api/restaurants/${t.restaurantId}/orders`,
  query: "?status=received",
}

const titled = (e: OwnerEndpoint) => ({ ...e, title: `${e.method} ${e.endpoint}${e.query ?? ""}` })

const callsWithIds = [...ownerEndpoints, withStatusFilter].map(titled)

/** Owner endpoints that take no ids: only the 401 checks apply to them. */
const idFreeEndpoints: ReadonlyArray<OwnerEndpoint> = [
  { endpoint: "restaurants.list", method: "GET", path: () => "/api/restaurants" },
  {
    endpoint: "restaurants.create",
    method: "POST",
    path: () => "/api/restaurants",
    body: { slug: unique("anon"), name: "Anonymous", currency: "EUR", taxRateBps: 0, tableCount: 1 },
  },
  { endpoint: "auth.me", method: "GET", path: () => "/api/auth/me" },
]

const openStreamStatus = async (client: Client, path: string): Promise<Reply<Json>> => {
  const controller = new AbortController()
  const response = await fetch(`${client.baseUrl}${path}`, {
    headers: client.sessionCookie === undefined ? {} : { cookie: client.sessionCookie },
    signal: controller.signal,
  })
  const text = response.ok ? "" : await response.text()
  controller.abort()
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text), text }
}

const call = (client: Client, endpoint: OwnerEndpoint, target: Target) =>
  endpoint.stream
    ? openStreamStatus(client, endpoint.path(target))
    : client.request(
        endpoint.method,
        `${endpoint.path(target)}${endpoint.query ?? ""}`,
        endpoint.raw !== undefined
          ? { body: endpoint.raw.body, headers: { "content-type": endpoint.raw.contentType } }
          : endpoint.body === undefined
            ? {}
            : { json: endpoint.body },
      )

/** A's rows exactly as stored (timestamps to the microsecond), so any write shows up. */
const snapshotOf = async (restaurantId: string) => {
  const rows = async (sql: string) => (await api.db.query<{ row: Json }>(sql, [restaurantId])).rows.map((r) => r.row)
  return {
    restaurant: await rows(`SELECT row_to_json(r) AS row FROM restaurants r WHERE r.id = $1`),
    dishes: await rows(`SELECT row_to_json(d) AS row FROM dishes d WHERE d.restaurant_id = $1 ORDER BY d.id`),
    orders: await rows(`SELECT row_to_json(o) AS row FROM orders o WHERE o.restaurant_id = $1 ORDER BY o.id`),
    orderItems: await rows(
      `SELECT row_to_json(i) AS row FROM order_items i JOIN orders o ON o.id = i.order_id
       WHERE o.restaurant_id = $1 ORDER BY i.id`,
    ),
    tableTokens: await rows(
      `SELECT row_to_json(t) AS row FROM table_tokens t WHERE t.restaurant_id = $1 ORDER BY t.table_number`,
    ),
    optionGroups: await rows(
      `SELECT row_to_json(g) AS row FROM dish_option_groups g WHERE g.restaurant_id = $1 ORDER BY g.id`,
    ),
    options: await rows(
      `SELECT row_to_json(o) AS row FROM dish_options o JOIN dish_option_groups g ON g.id = o.group_id
       WHERE g.restaurant_id = $1 ORDER BY o.id`,
    ),
  }
}

const needsSession = (middlewares: ReadonlySet<unknown>) => middlewares.has(Authentication)

describe("the endpoint table", () => {
  it("covers every endpoint of the API that needs a signed-in owner, with the declared method and path", () => {
    const declared = Object.values(ArdineServerApi.groups).flatMap((group) =>
      Object.values(group.endpoints)
        .filter((e) => needsSession(group.middlewares) || needsSession(e.middlewares))
        .map((e) => `${e.method} ${group.identifier}.${e.name} ${e.path}`),
    )
    const placeholders: Target = {
      restaurantId: ":restaurantId",
      dishId: ":dishId",
      orderId: ":orderId",
      table: ":table",
      groupId: ":groupId",
      optionId: ":optionId",
      suggestion: ":index",
    }
    const tabled = [...ownerEndpoints, ...idFreeEndpoints].map(
      (e) => `${e.method} ${e.endpoint} ${e.path(placeholders)}`,
    )
    expect([...tabled].sort()).toEqual([...declared].sort())
  })
})

describe("another owner's restaurant, dishes and orders", () => {
  let a: Owner
  let b: Owner
  let aOrders: ReadonlyArray<string>
  let aGroup = { groupId: "", optionId: "" }
  let before: Awaited<ReturnType<typeof snapshotOf>>

  beforeAll(async () => {
    a = await ownerWithMenu(api)
    b = await ownerWithMenu(api)
    const diner = new Client(api.baseUrl)
    const ids: string[] = []
    for (const [dish, quantity] of [
      [a.dishes.soup, 2],
      [a.dishes.steak, 1],
      [a.dishes.soup, 1],
    ] as const) {
      const placed = await diner.post(`/api/menu/${a.slug}/orders`, a.order(dish, quantity))
      expect(placed.status, placed.text).toBe(201)
      ids.push(placed.body.order.id)
    }
    aOrders = ids
    // One order further along, so "cancel" and "mark paid" would be visible changes on more than one state.
    const moved = await a.client.patch(`/api/restaurants/${a.restaurant.id}/orders/${ids[1]}/status`, {
      status: "preparing",
    })
    expect(moved.status, moved.text).toBe(200)
    const group = await a.client.post(`/api/restaurants/${a.restaurant.id}/dishes/${a.dishes.soup}/option-groups`, {
      name: "Bread",
      selection: "multiple",
      options: [{ name: "Sourdough" }, { name: "Rye", priceDeltaMinor: 50 }],
    })
    expect(group.status, group.text).toBe(201)
    aGroup = { groupId: group.body.id, optionId: group.body.options[0].id }
    before = await snapshotOf(a.restaurant.id)
    expect(before.restaurant).toHaveLength(1)
    expect(before.dishes).toHaveLength(3)
    expect(before.orders).toHaveLength(3)
    expect(before.orderItems).toHaveLength(3)
  })

  const aTarget = (): Target => ({
    restaurantId: a.restaurant.id,
    dishId: a.dishes.soup,
    orderId: aOrders[0] ?? "",
    table: "1",
    ...aGroup,
    suggestion: "0",
  })

  /** Every one of A's dishes or orders the endpoint can name, under the given restaurant id. */
  const targetsUnder = (restaurantId: string, endpoint: OwnerEndpoint): ReadonlyArray<Target> => {
    const base = { ...aTarget(), restaurantId }
    if (endpoint.child === "dish") return Object.values(a.dishes).map((dishId) => ({ ...base, dishId }))
    if (endpoint.child === "order") return aOrders.map((orderId) => ({ ...base, orderId }))
    return [base]
  }

  it.each(callsWithIds)("$title with A's restaurant id is 404 NotFound (restaurant) for B", async (endpoint) => {
    for (const target of targetsUnder(a.restaurant.id, endpoint)) {
      const reply = await call(b.client, endpoint, target)
      expect(reply.status, `${endpoint.path(target)}: ${reply.text}`).toBe(404)
      expect(reply.body).toMatchObject({ _tag: "NotFound", resource: "restaurant" })
    }
  })

  it.each(callsWithIds.filter((e) => e.child !== undefined))(
    "$title with B's own restaurant id and A's $child id is 404 NotFound ($child) for B",
    async (endpoint) => {
      for (const target of targetsUnder(b.restaurant.id, endpoint)) {
        const reply = await call(b.client, endpoint, target)
        expect(reply.status, `${endpoint.path(target)}: ${reply.text}`).toBe(404)
        expect(reply.body).toMatchObject({ _tag: "NotFound", resource: endpoint.child })
      }
    },
  )

  it("leaves A's restaurant, dishes, orders and order items exactly as they were (updated_at included)", async () => {
    expect(await snapshotOf(a.restaurant.id)).toEqual(before)
  })

  it("still lets A use every one of those endpoints (so the 404s above are about ownership, not the paths)", async () => {
    for (const endpoint of callsWithIds) {
      const reply = await call(a.client, endpoint, aTarget())
      if (endpoint.ownerOutcome !== undefined) {
        expect(reply.status, `${endpoint.title}: ${reply.text}`).toBe(endpoint.ownerOutcome.status)
        expect(reply.body?._tag, `${endpoint.title}: ${reply.text}`).toBe(endpoint.ownerOutcome.tag)
      } else {
        expect(reply.status, `${endpoint.title}: ${reply.text}`).toBeGreaterThanOrEqual(200)
        expect(reply.status, `${endpoint.title}: ${reply.text}`).toBeLessThan(300)
      }
    }
  })
})

describe("without a valid session", () => {
  let a: Owner
  let orderId = ""
  let loggedOutCookie: string | undefined

  beforeAll(async () => {
    a = await ownerWithMenu(api)
    const placed = await new Client(api.baseUrl).post(`/api/menu/${a.slug}/orders`, a.order(a.dishes.soup))
    expect(placed.status, placed.text).toBe(201)
    orderId = placed.body.order.id
    const leaving = await signUpOwner(api)
    loggedOutCookie = leaving.client.sessionCookie
    expect(loggedOutCookie).toBeDefined()
    const out = await leaving.client.post("/api/auth/logout")
    expect(out.status, out.text).toBeLessThan(300)
  })

  const callers = [
    { caller: "no cookie", client: () => new Client(api.baseUrl) },
    {
      caller: "a forged session cookie",
      client: () => new Client(api.baseUrl).withCookie(`ardine_session=${"A".repeat(43)}`),
    },
    { caller: "the cookie of a logged-out session", client: () => new Client(api.baseUrl).withCookie(loggedOutCookie) },
  ]

  describe.each(callers)("with $caller", ({ client }) => {
    it.each([...callsWithIds, ...idFreeEndpoints.map(titled)])("$title is 401 Unauthorized", async (endpoint) => {
      const target: Target = {
        restaurantId: a.restaurant.id,
        dishId: a.dishes.soup,
        orderId,
        table: "1",
        // Ids of the right form: only the missing session may decide the answer.
        groupId: "00000000-0000-4000-8000-000000000001",
        optionId: "00000000-0000-4000-8000-000000000002",
        suggestion: "0",
      }
      const before = await snapshotOf(a.restaurant.id)
      const reply = await call(client(), endpoint, target)
      expect(reply.status, reply.text).toBe(401)
      expect(reply.body._tag).toBe("Unauthorized")
      expect(await snapshotOf(a.restaurant.id)).toEqual(before)
    })
  })

  it("creates no restaurant for an anonymous create", async () => {
    const create = idFreeEndpoints.find((e) => e.endpoint === "restaurants.create")
    const { rows } = await api.db.query<{ n: number }>("SELECT count(*)::int AS n FROM restaurants WHERE slug = $1", [
      (create?.body as { slug: string } | undefined)?.slug,
    ])
    expect(rows[0]?.n).toBe(0)
  })
})

describe("listing restaurants", () => {
  it("shows B only B's restaurants", async () => {
    const a = await ownerWithMenu(api)
    const b = await ownerWithMenu(api)
    const second = await b.client.post("/api/restaurants", {
      slug: unique("b2"),
      name: "B's second place",
      currency: "GBP",
      taxRateBps: 2000,
      tableCount: 4,
    })
    expect(second.status, second.text).toBe(201)
    const listed = await b.client.get("/api/restaurants")
    expect(listed.status, listed.text).toBe(200)
    const ids = (listed.body as ReadonlyArray<{ id: string }>).map((r) => r.id)
    expect([...ids].sort()).toEqual([b.restaurant.id, second.body.id].sort())
    expect(ids).not.toContain(a.restaurant.id)
    const { rows } = await api.db.query<{ id: string }>("SELECT id FROM restaurants WHERE owner_id = $1", [b.user.id])
    expect([...ids].sort()).toEqual(rows.map((r) => r.id).sort())
    const aListed = await a.client.get("/api/restaurants")
    expect((aListed.body as ReadonlyArray<{ id: string }>).map((r) => r.id)).toEqual([a.restaurant.id])
  })
})
