import { deflateSync } from "node:zlib"
import sharp from "sharp"

export const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

/** A food-like photo: a coloured disc of "food" on a white plate on a wooden-brown table. */
export const dishPhoto = async (food = "#c0392b", size = 640): Promise<Uint8Array> => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
    <rect width="100%" height="100%" fill="#6b4f3a"/>
    <circle cx="${size / 2}" cy="${size / 2}" r="${size * 0.42}" fill="#f4f4f2"/>
    <circle cx="${size / 2}" cy="${size / 2}" r="${size * 0.24}" fill="${food}"/>
    <circle cx="${size * 0.45}" cy="${size * 0.45}" r="${size * 0.05}" fill="#2e7d32"/>
  </svg>`
  return new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer())
}

export const asPng = async (jpeg: Uint8Array) => new Uint8Array(await sharp(jpeg).png().toBuffer())
export const asWebp = async (jpeg: Uint8Array) => new Uint8Array(await sharp(jpeg).webp().toBuffer())
export const asGif = async (jpeg: Uint8Array) => new Uint8Array(await sharp(jpeg).gif().toBuffer())

/** A JPEG carrying GPS coordinates in its EXIF block. */
export const withGps = async (jpeg: Uint8Array) =>
  new Uint8Array(
    await sharp(jpeg)
      .withExif({ IFD0: { Make: "Ardine test camera" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1" } })
      .jpeg()
      .toBuffer(),
  )

const crc32 = (bytes: Buffer) => {
  let c = ~0
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

const chunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, "latin1"), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A tiny PNG that claims to be 20000x20000: decoding it would need 1.2 GB. */
export const decompressionBomb = (): Uint8Array => {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(20_000, 0)
  header.writeUInt32BE(20_000, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const row = Buffer.alloc(1 + 20_000 * 3)
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", deflateSync(Buffer.concat(Array.from({ length: 64 }, () => row)))),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  )
}

/**
 * A phone-sized 1600x1200 JPEG with sensor-like grain: about 230 kB, like the photos owners upload
 * (flat drawings compress to almost nothing and would flatter any size measurement).
 */
export const phonePhoto = async (food = "#c0392b"): Promise<Uint8Array> => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200">
    <rect width="100%" height="100%" fill="#6b4f3a"/>
    <circle cx="800" cy="600" r="520" fill="#f4f4f2"/>
    <circle cx="800" cy="600" r="300" fill="${food}"/>
    <circle cx="700" cy="520" r="60" fill="#2e7d32"/>
  </svg>`
  const grain = await sharp({
    create: {
      width: 1600,
      height: 1200,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 12 },
    },
  })
    .png()
    .toBuffer()
  return new Uint8Array(
    await sharp(Buffer.from(svg))
      .composite([{ input: grain, blend: "overlay" }])
      .jpeg({ quality: 85 })
      .toBuffer(),
  )
}
