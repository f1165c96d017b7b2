import { aDish, aRestaurant, type Caller, type Case, type Theme } from "../support.js"

const unauthorized = (name: string, as: Caller | undefined, extra: Partial<Case> = {}): Case => ({
  name,
  ...(as === undefined ? {} : { as }),
  method: "GET",
  path: () => "/api/auth/me",
  status: 401,
  tag: "Unauthorized",
  ...extra,
})

const cookie = (value: string) => () => ({ cookie: value })

export const sessions: Theme = {
  theme: "expired and forged session cookies",
  cases: [
    unauthorized("no cookie", undefined),
    // The first time an expired session is presented its row is deleted; the later "expired" cases find it gone.
    unauthorized("an expired session's cookie", "expired", { writes: { sessions: -1 } }),
    unauthorized("a logged-out session's cookie", "loggedOut"),
    unauthorized("a forged cookie of the right shape", "forged"),
    unauthorized("a cookie of 4 kB", undefined, { headers: cookie(`ardine_session=${"A".repeat(4096)}`) }),
    unauthorized("an empty session cookie", undefined, { headers: cookie("ardine_session=") }),
    unauthorized("SQL in the cookie", undefined, { headers: cookie("ardine_session=' OR '1'='1") }),
    unauthorized("an invalid percent-encoding in the cookie", undefined, {
      headers: cookie("ardine_session=%E0%A4%A"),
    }),
    unauthorized("a forged cookie before a real-looking one", undefined, {
      headers: cookie(`ardine_session=${"B".repeat(43)}; ardine_session=${"C".repeat(43)}`),
    }),
    unauthorized("the session id in a header instead of a cookie", undefined, {
      headers: () => ({ authorization: `Bearer ${"A".repeat(43)}` }),
    }),
    unauthorized("an expired session renames A's restaurant", "expired", {
      method: "PATCH",
      path: aRestaurant,
      body: () => ({ json: { name: "Expired" } }),
    }),
    unauthorized("a forged session deletes A's dish", "forged", { method: "DELETE", path: aDish }),
    unauthorized("a logged-out session creates a restaurant", "loggedOut", {
      method: "POST",
      path: () => "/api/restaurants",
      body: () => ({ json: { slug: "ghost", name: "Ghost", currency: "EUR", taxRateBps: 0, tableCount: 1 } }),
    }),
  ],
}

const crossSite = (name: string, headers: Record<string, string>, extra: Partial<Case> = {}): Case => ({
  name,
  as: "a",
  method: "PATCH",
  path: aRestaurant,
  headers: () => headers,
  body: () => ({ json: { name: "Pwned by CSRF" } }),
  status: 403,
  tag: "CrossSiteRequestRefused",
  ...extra,
})

export const csrf: Theme = {
  theme: "CSRF attempts",
  cases: [
    crossSite("a write from another origin", { origin: "https://evil.example" }),
    crossSite("a write marked cross-site by the browser", { "sec-fetch-site": "cross-site" }),
    crossSite("a write from a sibling subdomain (same-site is not same-origin)", { "sec-fetch-site": "same-site" }),
    crossSite("a write from an opaque origin (sandboxed iframe, data: URL)", { origin: "null" }),
    crossSite("a write whose origin only starts like the app's", { origin: "http://localhost:4000.evil.example" }),
    crossSite("a delete from another origin", { origin: "https://evil.example" }, { method: "DELETE", path: aDish }),
    crossSite(
      "a status change from another origin",
      { origin: "https://evil.example" },
      {
        path: (fx) => `${aRestaurant(fx)}/orders/${fx.orders.received}/status`,
        body: () => ({ json: { status: "cancelled" } }),
      },
    ),
    {
      name: "a log-out from another origin (would end the owner's session)",
      as: "a",
      method: "POST",
      path: () => "/api/auth/logout",
      headers: () => ({ origin: "https://evil.example" }),
      status: 403,
      tag: "CrossSiteRequestRefused",
    },
    crossSite(
      "a photo upload from another origin",
      { origin: "https://evil.example" },
      {
        method: "POST",
        path: (fx) => `${aRestaurant(fx)}/dishes`,
        body: () => {
          const form = new FormData()
          form.append("photo", new Blob([Buffer.from("x")], { type: "image/jpeg" }), "a.jpg")
          return { form }
        },
      },
    ),
    {
      // What a plain HTML <form> on another site can send without a preflight: refused before any handler.
      name: "a classic form post with the owner's cookie (no Origin, as old browsers send it)",
      as: "a",
      method: "PATCH",
      path: aRestaurant,
      body: () => ({ raw: "name=Pwned", contentType: "application/x-www-form-urlencoded" }),
      status: 415,
      tag: "UnsupportedMediaType",
    },
    {
      name: "a text/plain 'JSON' form post with the owner's cookie",
      as: "a",
      method: "POST",
      path: () => "/api/restaurants",
      body: () => ({
        raw: '{"slug":"csrf-plain","name":"x","currency":"EUR","taxRateBps":0,"tableCount":1}',
        contentType: "text/plain",
      }),
      status: 415,
      tag: "UnsupportedMediaType",
    },
  ],
}
