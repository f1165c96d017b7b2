import { expect } from "vitest"
import { A_UUID, type Case, DECODE, type Fixture, orderFor, type Theme, UNKNOWN_TOKEN } from "../support.js"

// How a traversal arrives once a client has encoded it (fetch resolves literal "../" before sending).
const traversals = {
  encoded: "..%2F..%2F..%2Fetc%2Fpasswd",
  dots: "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  backslash: "..%5C..%5Cwindows%5Cwin.ini",
  double: "%252e%252e%252fetc%252fpasswd",
  nul: "soup%00.jpg",
} as const
type Traversal = keyof typeof traversals

const r = (fx: Fixture) => `/api/restaurants/${fx.a.restaurant.id}`

interface Param {
  readonly label: string
  readonly method: Case["method"]
  readonly path: (fx: Fixture, bad: string) => string
  readonly body?: Case["body"]
}

// Every path parameter of the API, in each endpoint that takes it.
const params: ReadonlyArray<Param> = [
  { label: "restaurantId of GET restaurant", method: "GET", path: (_, x) => `/api/restaurants/${x}` },
  {
    label: "restaurantId of PATCH restaurant",
    method: "PATCH",
    path: (_, x) => `/api/restaurants/${x}`,
    body: () => ({ json: { name: "Moved" } }),
  },
  { label: "restaurantId of the dish list", method: "GET", path: (_, x) => `/api/restaurants/${x}/dishes` },
  { label: "restaurantId of the order list", method: "GET", path: (_, x) => `/api/restaurants/${x}/orders` },
  { label: "restaurantId of the kitchen events", method: "GET", path: (_, x) => `/api/restaurants/${x}/events` },
  { label: "dishId of GET dish", method: "GET", path: (fx, x) => `${r(fx)}/dishes/${x}` },
  { label: "dishId of DELETE dish", method: "DELETE", path: (fx, x) => `${r(fx)}/dishes/${x}` },
  { label: "dishId of regenerate", method: "POST", path: (fx, x) => `${r(fx)}/dishes/${x}/regenerate` },
  {
    label: "dishId of PUT geometry",
    method: "PUT",
    path: (fx, x) => `${r(fx)}/dishes/${x}/geometry`,
    body: () => ({ json: { vessel: { kind: "plate" }, components: [] } }),
  },
  { label: "orderId of GET order", method: "GET", path: (fx, x) => `${r(fx)}/orders/${x}` },
  {
    label: "orderId of change status",
    method: "PATCH",
    path: (fx, x) => `${r(fx)}/orders/${x}/status`,
    body: () => ({ json: { status: "cancelled" } }),
  },
  { label: "orderId of mark paid", method: "POST", path: (fx, x) => `${r(fx)}/orders/${x}/paid` },
  { label: "slug of the menu", method: "GET", path: (_, x) => `/api/menu/${x}` },
  {
    label: "slug of place order",
    method: "POST",
    path: (_, x) => `/api/menu/${x}/orders`,
    body: (fx) => ({ json: orderFor(fx) }),
  },
  { label: "token of the diner's order", method: "GET", path: (_, x) => `/api/orders/${x}` },
  { label: "token of the diner's events", method: "GET", path: (_, x) => `/api/orders/${x}/events` },
  { label: "restaurantId of the table tokens", method: "GET", path: (_, x) => `/api/restaurants/${x}/tables` },
  { label: "restaurantId of rotate all tables", method: "POST", path: (_, x) => `/api/restaurants/${x}/tables/rotate` },
  { label: "table of rotate a table", method: "POST", path: (fx, x) => `${r(fx)}/tables/${x}/rotate` },
  { label: "code of the table card", method: "GET", path: (_, x) => `/api/tables/${x}` },
]

const traversalCase = (p: Param, kind: Traversal): Case => ({
  name: `${kind} traversal in the ${p.label}`,
  as: "a",
  method: p.method,
  path: (fx) => p.path(fx, traversals[kind]),
  ...(p.body === undefined ? {} : { body: p.body }),
  status: 400,
  tag: DECODE,
})

const storage = (name: string, key: (fx: Fixture) => string): Case => ({
  name: `storage: ${name}`,
  method: "GET",
  path: (fx) => `${fx.storagePrefix}/${key(fx)}`,
  status: 404,
  tag: "NotFound",
  check: (reply) => {
    expect(reply.text).not.toContain("root:")
  },
})

export const pathTraversal: Theme = {
  theme: "path traversal in every path parameter",
  cases: [
    // Every parameter with the plain encoded traversal, and the other spellings on one of each kind.
    ...params.map((p) => traversalCase(p, "encoded")),
    ...(["dots", "backslash", "double", "nul"] as const).flatMap((kind) =>
      params
        .filter((p) => ["restaurantId of GET restaurant", "dishId of GET dish", "slug of the menu"].includes(p.label))
        .map((p) => traversalCase(p, kind)),
    ),
    traversalCase(
      {
        label: "dishId of the photo upload",
        method: "POST",
        path: (fx, x) => `${r(fx)}/dishes/${x}/photo`,
        body: () => {
          const form = new FormData()
          form.append("photo", new Blob([Buffer.from("not a photo")], { type: "image/jpeg" }), "a.jpg")
          return { form }
        },
      },
      "encoded",
    ),
    storage("an encoded traversal out of the bucket", () => traversals.encoded),
    storage("a traversal into the other bucket", () => "..%2Fdish-models%2Fx.glb"),
    storage("a backslash traversal", () => traversals.backslash),
    storage("a NUL in the key", () => "restaurants%00/x.jpg"),
    {
      name: "storage: an invalid percent-encoding",
      method: "GET",
      path: (fx) => `${fx.storagePrefix}/%E0%A4%A`,
      status: 404,
      tag: "RouteNotFound",
    },
    {
      name: "storage: an unknown bucket",
      method: "GET",
      path: () => "/storage/..%2F..%2Fetc/passwd",
      status: 404,
      tag: "NotFound",
    },
    {
      name: "web app: an encoded traversal gets the app shell, never a file outside the build",
      method: "GET",
      path: () => "/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
      status: 200,
      tag: null,
      check: (reply) => {
        expect(reply.headers.get("content-type")).toMatch(/^text\/html/)
        expect(reply.text).not.toContain("root:")
      },
    },
    {
      name: "web app: an API path with an invalid percent-encoding",
      method: "GET",
      path: () => "/api/%E0%A4%A",
      status: 404,
      tag: "RouteNotFound",
    },
    {
      name: "web app: a page path with an invalid percent-encoding",
      method: "GET",
      path: () => "/menu/%E0%A4%A",
      status: 404,
      tag: "RouteNotFound",
    },
  ],
}

const restaurantOfB = (fx: Fixture) => `/api/restaurants/${fx.b.restaurant.id}`

export const unknownAndForeign: Theme = {
  theme: "unknown and foreign ids, other tenants' resources",
  cases: [
    {
      name: "unknown restaurant id",
      as: "a",
      method: "GET",
      path: () => `/api/restaurants/${A_UUID}`,
      status: 404,
      tag: "NotFound",
    },
    {
      name: "unknown dish id",
      as: "a",
      method: "GET",
      path: (fx) => `${r(fx)}/dishes/${A_UUID}`,
      status: 404,
      tag: "NotFound",
    },
    {
      name: "unknown order id",
      as: "a",
      method: "GET",
      path: (fx) => `${r(fx)}/orders/${A_UUID}`,
      status: 404,
      tag: "NotFound",
    },
    {
      name: "unknown menu slug",
      method: "GET",
      path: () => "/api/menu/no-such-restaurant",
      status: 404,
      tag: "NotFound",
    },
    {
      name: "unknown order token",
      method: "GET",
      path: () => `/api/orders/${UNKNOWN_TOKEN}`,
      status: 404,
      tag: "NotFound",
    },
    {
      name: "delete an unknown dish",
      as: "a",
      method: "DELETE",
      path: (fx) => `${r(fx)}/dishes/${A_UUID}`,
      status: 404,
      tag: "NotFound",
    },
    {
      name: "order a dish id that exists nowhere",
      method: "POST",
      path: (fx) => `/api/menu/${fx.a.slug}/orders`,
      body: (fx) => ({ json: orderFor(fx, { items: [{ dishId: A_UUID, quantity: 1 }] }) }),
      status: 422,
      tag: "DishUnavailable",
    },
    {
      name: "order another restaurant's dish at A's menu",
      method: "POST",
      path: (fx) => `/api/menu/${fx.a.slug}/orders`,
      body: (fx) => ({ json: orderFor(fx, { items: [{ dishId: fx.b.dishes.soup, quantity: 1 }] }) }),
      status: 422,
      tag: "DishUnavailable",
    },
    {
      name: "order a sold-out dish",
      method: "POST",
      path: (fx) => `/api/menu/${fx.a.slug}/orders`,
      body: (fx) => ({ json: orderFor(fx, { items: [{ dishId: fx.a.dishes.soldOut, quantity: 1 }] }) }),
      status: 422,
      tag: "DishUnavailable",
    },
    { name: "B reads A's restaurant", as: "b", method: "GET", path: r, status: 404, tag: "NotFound" },
    {
      name: "B renames A's restaurant",
      as: "b",
      method: "PATCH",
      path: r,
      body: () => ({ json: { name: "Hijacked" } }),
      status: 404,
      tag: "NotFound",
    },
    {
      name: "B lists A's orders (diners' phone numbers)",
      as: "b",
      method: "GET",
      path: (fx) => `${r(fx)}/orders`,
      status: 404,
      tag: "NotFound",
    },
    {
      name: "B changes A's dish price",
      as: "b",
      method: "PATCH",
      path: (fx) => `${r(fx)}/dishes/${fx.a.dishes.soup}`,
      body: () => ({ json: { priceMinor: 1 } }),
      status: 404,
      tag: "NotFound",
    },
    {
      name: "B deletes A's dish through B's own restaurant",
      as: "b",
      method: "DELETE",
      path: (fx) => `${restaurantOfB(fx)}/dishes/${fx.a.dishes.soup}`,
      status: 404,
      tag: "NotFound",
    },
    {
      name: "B cancels A's order through B's own restaurant",
      as: "b",
      method: "PATCH",
      path: (fx) => `${restaurantOfB(fx)}/orders/${fx.orders.received}/status`,
      body: () => ({ json: { status: "cancelled" } }),
      status: 404,
      tag: "NotFound",
    },
    {
      name: "B marks A's order paid",
      as: "b",
      method: "POST",
      path: (fx) => `${r(fx)}/orders/${fx.orders.received}/paid`,
      status: 404,
      tag: "NotFound",
    },
    {
      name: "A reads B's order under A's restaurant",
      as: "a",
      method: "GET",
      path: (fx) => `${r(fx)}/orders/${fx.orders.others}`,
      status: 404,
      tag: "NotFound",
    },
    {
      name: "B uploads a photo into A's restaurant",
      as: "b",
      method: "POST",
      path: (fx) => `${r(fx)}/dishes`,
      body: () => {
        const form = new FormData()
        form.append("photo", new Blob([Buffer.from("not a photo")], { type: "image/jpeg" }), "a.jpg")
        return { form }
      },
      status: 404,
      tag: "NotFound",
    },
  ],
}
