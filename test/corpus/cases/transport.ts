import { aDish, aMenuOrders, aRestaurant, type Case, orderFor, type Theme } from "../support.js"

const as415 = (name: string, contentType: string | undefined, extra: Partial<Case> = {}): Case => ({
  name,
  method: "POST",
  path: aMenuOrders,
  body: (fx) =>
    contentType === undefined
      ? { raw: Buffer.from(JSON.stringify(orderFor(fx))), contentType: "" }
      : { raw: JSON.stringify(orderFor(fx)), contentType },
  status: 415,
  tag: "UnsupportedMediaType",
  ...extra,
})

export const contentTypes: Theme = {
  theme: "wrong content types",
  cases: [
    as415("place order as text/plain", "text/plain"),
    as415("place order as application/xml", "application/xml"),
    as415("place order as a form", "application/x-www-form-urlencoded"),
    as415("place order with no content type", undefined),
    as415("place order as application/jsonx", "application/jsonx"),
    as415("place order as application/json-seq", "application/json-seq"),
    as415("place order as multipart (only photo uploads take multipart)", "multipart/form-data; boundary=x"),
    as415("update dish as text/html", "text/html", { as: "a", method: "PATCH", path: aDish }),
    as415("photo upload as raw image/jpeg (not multipart)", "image/jpeg", {
      as: "a",
      path: (fx) => `${aRestaurant(fx)}/dishes`,
    }),
    {
      name: "photo upload as JSON",
      as: "a",
      method: "POST",
      path: (fx) => `${aRestaurant(fx)}/dishes`,
      body: () => ({ json: { photo: "data:image/jpeg;base64,/9j/4AAQ" } }),
      status: 400,
      tag: "HttpApiDecodeError",
    },
  ],
}

const huge = (bytes: number) => "a".repeat(bytes)

export const oversized: Theme = {
  theme: "oversized bodies and headers",
  cases: [
    {
      name: "place order with a 65 kB body (the limit is 64 KiB)",
      method: "POST",
      path: aMenuOrders,
      body: (fx) => ({ raw: JSON.stringify(orderFor(fx, { customerName: huge(65 * 1024) })) }),
      status: 413,
      tag: "PayloadTooLarge",
    },
    {
      name: "sign-up with a 5 MB body",
      method: "POST",
      path: () => "/api/auth/signup",
      body: () => ({
        raw: JSON.stringify({ email: "big@example.test", password: "x".repeat(20), name: huge(5 << 20) }),
      }),
      status: 413,
      tag: "PayloadTooLarge",
    },
    {
      name: "update dish with a 1 MB body",
      as: "a",
      method: "PATCH",
      path: aDish,
      body: () => ({ raw: JSON.stringify({ description: huge(1 << 20) }) }),
      status: 413,
      tag: "PayloadTooLarge",
    },
    {
      name: "a photo upload of 6 MB (the limit is 5 MiB)",
      as: "a",
      method: "POST",
      path: (fx) => `${aRestaurant(fx)}/dishes`,
      body: () => {
        const form = new FormData()
        form.append("photo", new Blob([Buffer.alloc(6 << 20, 0xff)], { type: "image/jpeg" }), "big.jpg")
        return { form }
      },
      status: 413,
      tag: "PayloadTooLarge",
    },
    {
      name: "a 20 kB header (over Node's 16 KiB header limit): 431 from Node itself, no body",
      method: "GET",
      path: (fx) => `/api/menu/${fx.a.slug}`,
      headers: () => ({ "x-padding": huge(20 * 1024) }),
      status: 431,
      tag: null,
    },
    {
      name: "a menu request with a 10 kB If-None-Match",
      method: "GET",
      path: () => "/api/menu/no-such-restaurant",
      headers: () => ({ "if-none-match": huge(10 * 1024) }),
      status: 404,
      tag: "NotFound",
    },
  ],
}
