import { connect, type Socket } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { count, ownerWithMenu, signUpOwner } from "./support/fixtures.js"
import { dishPhoto } from "./support/images.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

// Uploads go over raw sockets, so a test decides exactly how much of the body the server has been sent.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ UPLOADS_IN_FLIGHT_MAX: "1" })
})
afterAll(() => api.close())

const boundary = "ardine-test-boundary"

const multipartBody = (photo: Uint8Array) =>
  Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="dish.jpg"\r\n` +
        "Content-Type: image/jpeg\r\n\r\n",
    ),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])

interface RawUpload {
  /** The status of the answer, as soon as its first line arrives. */
  readonly status: Promise<number>
  readonly send: (bytes: Uint8Array) => void
  readonly close: () => void
}

/** Sends an upload's request head (announcing `length` body bytes) and nothing else yet. */
const startUpload = (
  baseUrl: string,
  path: string,
  length: number,
  headers: Record<string, string> = {},
): RawUpload => {
  const url = new URL(baseUrl)
  const socket: Socket = connect(Number(url.port), url.hostname)
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: ${url.host}`,
    `Content-Type: multipart/form-data; boundary=${boundary}`,
    `Content-Length: ${length}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    "",
    "",
  ].join("\r\n")
  socket.write(head)
  const status = new Promise<number>((resolve, reject) => {
    let received = ""
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1")
      const line = /^HTTP\/1\.1 (\d{3})/.exec(received)
      if (line !== null) resolve(Number(line[1]))
    })
    socket.on("error", reject)
    socket.on("close", () => reject(new Error("closed without an answer")))
  })
  status.catch(() => undefined)
  return { status, send: (bytes) => socket.write(bytes), close: () => socket.destroy() }
}

/** The status, or "no answer" if none arrives within `ms`. */
const within = (status: Promise<number>, ms: number) =>
  Promise.race([status, new Promise<string>((resolve) => setTimeout(() => resolve("no answer"), ms))])

const FIVE_MB = 5 * 1024 * 1024

describe("an upload's body is read only after the request passes every check", () => {
  it("answers an anonymous 5 MB upload 401 before a byte of its body is sent", async () => {
    const { restaurant } = await ownerWithMenu(api)
    const upload = startUpload(api.baseUrl, `/api/restaurants/${restaurant.id}/dishes`, FIVE_MB)
    try {
      expect(await within(upload.status, 3_000)).toBe(401)
    } finally {
      upload.close()
    }
    const forged = startUpload(api.baseUrl, `/api/restaurants/${restaurant.id}/dishes`, FIVE_MB, {
      Cookie: "ardine_session=not-a-session",
    })
    try {
      expect(await within(forged.status, 3_000)).toBe(401)
    } finally {
      forged.close()
    }
    expect(await count(api, "dishes", "restaurant_id = $1", [restaurant.id])).toBe(3)
  })

  it("refuses a cross-site upload with the owner's cookie before its body, too", async () => {
    const { client, restaurant } = await ownerWithMenu(api)
    const upload = startUpload(api.baseUrl, `/api/restaurants/${restaurant.id}/dishes`, FIVE_MB, {
      Cookie: client.sessionCookie ?? "",
      Origin: "https://evil.example",
      "Sec-Fetch-Site": "cross-site",
    })
    try {
      expect(await within(upload.status, 3_000)).toBe(403)
    } finally {
      upload.close()
    }
  })

  it("refuses a rate-limited upload before its body", async () => {
    const limited = await startTestApi({ RATE_LIMIT_API_PER_MINUTE: "1" })
    try {
      const owner = await signUpOwner(limited)
      const restaurants = await owner.client.get("/api/restaurants")
      expect(restaurants.status).toBe(200)
      const upload = startUpload(
        limited.baseUrl,
        "/api/restaurants/00000000-0000-4000-8000-000000000001/dishes",
        FIVE_MB,
        {
          Cookie: owner.client.sessionCookie ?? "",
        },
      )
      try {
        expect(await within(upload.status, 3_000)).toBe(429)
      } finally {
        upload.close()
      }
    } finally {
      await limited.close()
    }
  })

  it("reads at most UPLOADS_IN_FLIGHT_MAX uploads at a time; the next one waits, then succeeds", async () => {
    const { client, restaurant } = await ownerWithMenu(api)
    const path = `/api/restaurants/${restaurant.id}/dishes`
    const [first, second] = [multipartBody(await dishPhoto("#c0392b")), multipartBody(await dishPhoto("#27ae60"))]
    const cookie = { Cookie: client.sessionCookie ?? "" }
    // The first holds the only slot: all of its body but the closing bytes.
    const holding = startUpload(api.baseUrl, path, first.length, cookie)
    holding.send(first.subarray(0, first.length - 8))
    await new Promise((resolve) => setTimeout(resolve, 300))
    const waiting = startUpload(api.baseUrl, path, second.length, cookie)
    waiting.send(second)
    try {
      expect(await within(waiting.status, 1_500)).toBe("no answer")
      holding.send(first.subarray(first.length - 8))
      expect(await within(holding.status, 20_000)).toBe(201)
      expect(await within(waiting.status, 20_000)).toBe(201)
    } finally {
      holding.close()
      waiting.close()
    }
    expect(await count(api, "dishes", "restaurant_id = $1", [restaurant.id])).toBe(5)
  })
})
