import { randomBytes } from "node:crypto"
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { asGif, asPng, decompressionBomb, dishPhoto, EICAR, withGps } from "@ardine/api/test-support/images"
import sharp from "sharp"
import { expect } from "vitest"
import { type Body, type Case, DECODE, type Fixture, type Theme } from "../support.js"

let photo: Promise<Uint8Array> | undefined
/** One real dish photo (a JPEG), made once. */
const aPhoto = () => {
  photo ??= dishPhoto()
  return photo
}

const text = (s: string) => new TextEncoder().encode(s)
const concat = (...parts: ReadonlyArray<Uint8Array>) => new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))))

interface File {
  readonly field?: string
  readonly name?: string
  readonly type?: string
  readonly bytes: Uint8Array
}

const form = (files: ReadonlyArray<File>, fields: Record<string, string> = {}): Body => {
  const data = new FormData()
  for (const [key, value] of Object.entries(fields)) data.append(key, value)
  for (const f of files) {
    data.append(
      f.field ?? "photo",
      new Blob([Buffer.from(f.bytes)], { type: f.type ?? "image/jpeg" }),
      f.name ?? "dish.jpg",
    )
  }
  return { form: data }
}

const dishes = (fx: Fixture) => `/api/restaurants/${fx.a.restaurant.id}/dishes`

const upload = (
  name: string,
  files: () => Promise<ReadonlyArray<File>>,
  status: number,
  tag: string,
  extra: Partial<Case> = {},
): Case => ({
  name,
  as: "a",
  method: "POST",
  path: dishes,
  body: async () => form(await files()),
  status,
  tag,
  ...extra,
})

/** EICAR in a JPEG comment segment, before the pixels, where a careless decoder never looks. */
const eicarInJpeg = async () => {
  const jpeg = await aPhoto()
  const comment = text(EICAR)
  const segment = new Uint8Array([0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 0xff, ...comment])
  return concat(jpeg.slice(0, 2), segment, jpeg.slice(2))
}

/** A PNG whose tEXt chunk carries a script. */
const pngWithScript = async () => {
  const png = Buffer.from(await asPng(await aPhoto()))
  const data = Buffer.from("Comment\0<script>alert(1)</script>", "latin1")
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  // The CRC is deliberately wrong: the marker check must refuse it before any decoder looks.
  const chunk = Buffer.concat([length, Buffer.from("tEXt"), data, Buffer.alloc(4)])
  return new Uint8Array(Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]))
}

export const uploads: Theme = {
  theme: "multipart and files that lie about their type",
  cases: [
    upload("two photos in one upload", async () => [{ bytes: await aPhoto() }, { bytes: await aPhoto() }], 400, DECODE),
    upload("no file at all, only a name", async () => [], 400, DECODE, {
      body: () => form([], { name: "No photo" }),
    }),
    upload("the photo under another field name", async () => [{ field: "image", bytes: await aPhoto() }], 400, DECODE),
    upload("the photo sent as a text field", async () => [], 400, DECODE, {
      body: () => form([], { photo: "/9j/4AAQSkZJRgABAQ" }),
    }),
    upload("a 10 kB dish name beside the photo", async () => [{ bytes: await aPhoto() }], 400, DECODE, {
      body: async () => form([{ bytes: await aPhoto() }], { name: "x".repeat(10 * 1024) }),
    }),
    upload("a multipart body with no boundary", async () => [], 400, DECODE, {
      body: () => ({ raw: "--x\r\n\r\n--x--", contentType: "multipart/form-data" }),
    }),
    upload("a multipart body cut off inside a text field", async () => [], 400, DECODE, {
      body: () => ({
        raw: '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nSoup',
        contentType: "multipart/form-data; boundary=b",
      }),
    }),
    upload("a multipart body cut off inside the file part", async () => [], 400, DECODE, {
      body: () => ({
        raw: '--b\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\nabc',
        contentType: "multipart/form-data; boundary=b",
      }),
    }),
    upload("plain text named dish.jpg", async () => [{ bytes: text("just some text") }], 415, "UnsupportedImage"),
    upload(
      "a JPEG header followed by HTML",
      async () => [{ bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...text("<html><script>alert(1)</script>")]) }],
      415,
      "UnsupportedImage",
    ),
    upload(
      "a polyglot: a valid JPEG with HTML after its end",
      async () => [{ bytes: concat(await aPhoto(), text("<html><script>alert(document.cookie)</script></html>")) }],
      415,
      "UnsupportedImage",
    ),
    upload(
      "a polyglot: a valid JPEG with a zip appended (a JAR/GIFAR)",
      async () => [
        {
          bytes: concat(
            await aPhoto(),
            new Uint8Array([0x50, 0x4b, 0x03, 0x04]),
            randomBytes(64),
            text("PK\x01\x02"),
            text("PK\x05\x06"),
            new Uint8Array(18),
          ),
        },
      ],
      415,
      "UnsupportedImage",
    ),
    upload(
      "a PNG with a script in a tEXt chunk",
      async () => [{ name: "a.png", type: "image/png", bytes: await pngWithScript() }],
      415,
      "UnsupportedImage",
    ),
    upload(
      "a zip named dish.jpg",
      async () => [{ bytes: concat(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), randomBytes(200)) }],
      415,
      "UnsupportedImage",
    ),
    upload(
      "a PDF named dish.jpg",
      async () => [{ bytes: text("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n") }],
      415,
      "UnsupportedImage",
    ),
    upload(
      "an SVG with a script, declared image/svg+xml",
      async () => [
        {
          name: "dish.svg",
          type: "image/svg+xml",
          bytes: text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'),
        },
      ],
      415,
      "UnsupportedImage",
    ),
    upload(
      "an SVG with a script, declared image/jpeg",
      async () => [{ bytes: text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }],
      415,
      "UnsupportedImage",
    ),
    upload(
      "an HTML page named dish.jpg",
      async () => [{ bytes: text("<!doctype html><script>alert(1)</script>") }],
      415,
      "UnsupportedImage",
    ),
    upload(
      "a GIF (not accepted)",
      async () => [{ name: "a.gif", type: "image/gif", bytes: await asGif(await aPhoto()) }],
      415,
      "UnsupportedImage",
    ),
    upload("a truncated JPEG", async () => [{ bytes: (await aPhoto()).slice(0, 3000) }], 415, "UnsupportedImage"),
    upload("an empty file", async () => [{ bytes: new Uint8Array() }], 415, "UnsupportedImage"),
    upload("the bare EICAR test file named dish.jpg", async () => [{ bytes: text(EICAR) }], 415, "UnsupportedImage"),
    upload("EICAR inside a valid JPEG", async () => [{ bytes: await eicarInJpeg() }], 422, "MalwareDetected"),
    upload(
      "a 20000x20000 PNG decompression bomb",
      async () => [{ name: "bomb.png", type: "image/png", bytes: decompressionBomb() }],
      413,
      "ImageTooLarge",
    ),
    upload("a photo for a restaurant that does not exist", async () => [{ bytes: await aPhoto() }], 404, "NotFound", {
      path: () => "/api/restaurants/6f1d3c1e-2b7a-4c55-9d0e-5a4b3c2d1e0f/dishes",
    }),
    upload("a photo with an expired session", async () => [{ bytes: await aPhoto() }], 401, "Unauthorized", {
      as: "expired",
    }),
    {
      name: "a photo with GPS in its EXIF: accepted, and the stored copy has no EXIF at all",
      as: "a",
      method: "POST",
      path: dishes,
      body: async () => form([{ bytes: await withGps(await aPhoto()) }], { name: "Geotagged soup" }),
      status: 201,
      tag: null,
      // The photo and its 320 px copy (the test photo is narrower than 800), each with its metadata sidecar.
      writes: { dishes: 1, storage: 4 },
      check: async (reply, { fx, api }) => {
        expect(reply.body.imageUrl).toMatch(/^\/storage\//)
        // The stored file itself, read from disk.
        const key = decodeURIComponent(String(reply.body.imageUrl).replace(/^\/storage\//, ""))
        const stored = await sharp(await readFile(join(api.settings.STORAGE_DIR ?? "", key))).metadata()
        expect(stored.exif).toBeUndefined()
        expect(stored.xmp).toBeUndefined()
        // And the copy everyone is served.
        const served = await fetch(`${fx.baseUrl}${reply.body.imageUrl}`)
        expect(served.status).toBe(200)
        const metadata = await sharp(Buffer.from(await served.arrayBuffer())).metadata()
        expect(metadata.format).toBe("jpeg")
        expect(metadata.exif).toBeUndefined()
        expect(metadata.xmp).toBeUndefined()
      },
    },
  ],
}
