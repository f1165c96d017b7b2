import { ImageTooLarge, UnsupportedImage } from "@ardine/domain"
import { loadSharp } from "@ardine/infra"
import { Effect } from "effect"

export type ImageFormat = "jpeg" | "png" | "webp"

export interface NormalizedImage {
  /** Re-encoded JPEG: orientation applied, metadata (EXIF, GPS, XMP) gone, long side capped. */
  readonly bytes: Uint8Array
  readonly width: number
  readonly height: number
  readonly sourceFormat: ImageFormat
}

export const MAX_SIDE = 2048
// 40 megapixels: a 7000x5700 phone photo passes; a 20000x20000 "decompression bomb" does not.
const MAX_PIXELS = 40_000_000

const startsWith = (bytes: Uint8Array, signature: ReadonlyArray<number>, offset = 0) =>
  signature.every((b, i) => bytes[offset + i] === b)

/** What the first bytes say the file is; the name and the declared content type are not trusted. */
export const sniffFormat = (bytes: Uint8Array): ImageFormat | undefined => {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg"
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png"
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return "webp"
  return undefined
}

// Markers of a second format hiding in an image (a polyglot): markup a browser would run, a PHP
// opener, or a zip directory (which zip readers find from the end of the file).
// Compared case-insensitively (everything is lowercased first).
const foreignMarkers = ["<script", "<html", "<svg", "<?php", "<iframe", "javascript:", "pk\x01\x02", "pk\x05\x06"]

/**
 * The parts of a file that are not compressed pixel data: headers, metadata and comment
 * segments, and anything after the image's end. Only these are searched, because compressed
 * pixels are random bytes in which a short marker turns up by chance in ~1% of photos.
 */
export const nonPixelRegions = (bytes: Uint8Array, format: ImageFormat): ReadonlyArray<Uint8Array> => {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (format === "jpeg") {
    const startOfScan = view.indexOf(Buffer.from([0xff, 0xda]))
    const endOfImage = view.lastIndexOf(Buffer.from([0xff, 0xd9]))
    return [
      view.subarray(0, startOfScan < 0 ? view.length : startOfScan),
      endOfImage < 0 ? new Uint8Array() : view.subarray(endOfImage + 2),
    ]
  }
  const regions: Array<Uint8Array> = []
  // PNG: length(4) type(4) data crc(4) after an 8-byte signature. WebP: RIFF size WEBP, then type(4) length(4 LE) data, padded to even.
  let offset = format === "png" ? 8 : 12
  const end = format === "png" ? view.length : Math.min(view.length, 8 + view.readUInt32LE(4))
  const pixelChunks = format === "png" ? ["IDAT"] : ["VP8 ", "VP8L", "ALPH", "ANMF"]
  while (offset + 8 <= end) {
    const length = format === "png" ? view.readUInt32BE(offset) : view.readUInt32LE(offset + 4)
    const type = view.toString(
      "latin1",
      format === "png" ? offset + 4 : offset,
      format === "png" ? offset + 8 : offset + 4,
    )
    const dataStart = offset + 8
    const dataEnd = Math.min(end, dataStart + length)
    if (!pixelChunks.includes(type)) regions.push(view.subarray(dataStart, dataEnd))
    offset = format === "png" ? dataEnd + 4 : dataEnd + (length % 2)
    if (format === "png" && type === "IEND") break
  }
  regions.push(view.subarray(Math.min(offset, view.length)))
  return regions
}

export const looksLikePolyglot = (bytes: Uint8Array, format: ImageFormat): boolean =>
  nonPixelRegions(bytes, format).some((region) => {
    const text = Buffer.from(region).toString("latin1").toLowerCase()
    return foreignMarkers.some((marker) => text.includes(marker))
  })

const unsupported = (message: string) => new UnsupportedImage({ message })

/**
 * Accepts only a real PNG, JPEG or WebP that decodes completely, and returns a clean re-encoded
 * copy: this is what gets stored, so nothing but pixels survives from the upload.
 */
export const normalizeImage = Effect.fn("ImageIntake.normalize")(function* (bytes: Uint8Array) {
  const sourceFormat = sniffFormat(bytes)
  if (sourceFormat === undefined) {
    return yield* Effect.fail(unsupported("Upload a photo in JPEG, PNG or WebP format"))
  }
  if (looksLikePolyglot(bytes, sourceFormat)) {
    return yield* Effect.fail(unsupported("This file contains something other than a photo"))
  }
  const sharp = yield* loadSharp
  const metadata = yield* Effect.tryPromise({
    try: () => sharp(bytes, { limitInputPixels: false }).metadata(),
    catch: () => unsupported("This photo could not be read"),
  })
  if (metadata.format !== sourceFormat) {
    return yield* Effect.fail(unsupported("The photo's content does not match its format"))
  }
  const width = metadata.width ?? 0
  const height = metadata.height ?? 0
  if (width * height > MAX_PIXELS || (metadata.pages ?? 1) > 1) {
    return yield* Effect.fail(new ImageTooLarge({ message: "The photo has too many pixels (at most 40 megapixels)" }))
  }
  const output = yield* Effect.tryPromise({
    // failOn "warning" (the strictest): truncated or corrupt pixel data is refused, not silently patched.
    try: () =>
      sharp(bytes, { failOn: "warning", limitInputPixels: MAX_PIXELS, sequentialRead: true })
        .rotate()
        .resize(MAX_SIDE, MAX_SIDE, { fit: "inside", withoutEnlargement: true })
        .jpeg({ quality: 85, mozjpeg: true })
        .toBuffer({ resolveWithObject: true }),
    catch: () => unsupported("This photo is damaged or incomplete"),
  })
  yield* Effect.annotateCurrentSpan({ sourceFormat, width: output.info.width, height: output.info.height })
  return {
    bytes: new Uint8Array(output.data.buffer, output.data.byteOffset, output.data.byteLength),
    width: output.info.width,
    height: output.info.height,
    sourceFormat,
  } satisfies NormalizedImage
})
