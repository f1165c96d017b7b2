import sharp from "sharp"

// The dish photo as the food's texture, and a small poster image for menus. Both take the photo's central
// square (the dish is assumed centred), drop every bit of metadata (sharp keeps none unless asked) and
// never enlarge a small photo (that would only add bytes).

export const DEFAULT_TEXTURE_SIZE = 1024
export const MAX_TEXTURE_SIZE = 2048
const MIN_TEXTURE_SIZE = 64

export interface Texture {
  readonly jpeg: Uint8Array
  readonly size: number
}

/**
 * Side of the square crop: `size`, or less if the photo is smaller, rounded down to a power of two
 * (mipmaps on older WebGL and some AR viewers want one).
 */
const squareSide = async (photo: Uint8Array, size: number): Promise<number> => {
  const { width, height } = await sharp(photo).metadata()
  const side = Math.min(size, width ?? 0, height ?? 0)
  if (!(side >= 1)) throw new Error("the photo has no size")
  return 2 ** Math.floor(Math.log2(side))
}

const centreSquare = (photo: Uint8Array, side: number) =>
  sharp(photo, { failOn: "error" })
    .rotate() // honour the EXIF orientation before it is stripped
    .resize(side, side, { fit: "cover", position: "centre" })
    .flatten({ background: "#ffffff" })

/**
 * Encodes the photo's centre crop as a JPEG of at most `maxBytes`: quality ~82 at the requested size first,
 * then lower quality, then half the size, until it fits (a noisy photo at 2048 px can exceed the model budget).
 */
export const encodeTexture = async (photo: Uint8Array, requestedSize: number, maxBytes: number): Promise<Texture> => {
  const requested = Number.isFinite(requestedSize) ? requestedSize : DEFAULT_TEXTURE_SIZE
  let size = await squareSide(photo, Math.min(Math.max(requested, MIN_TEXTURE_SIZE), MAX_TEXTURE_SIZE))
  for (;;) {
    for (const quality of [82, 70, 58]) {
      const { data, info } = await centreSquare(photo, size)
        .jpeg({ quality, chromaSubsampling: "4:2:0" })
        .toBuffer({ resolveWithObject: true })
      if (data.byteLength <= maxBytes || size <= MIN_TEXTURE_SIZE) {
        return { jpeg: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), size: info.width }
      }
    }
    size = Math.max(MIN_TEXTURE_SIZE, Math.floor(size / 2))
  }
}

/** A small square WebP poster from the photo's centre crop, shown before the 3D model loads. */
export const renderPoster = async (
  photo: Uint8Array,
  options: { readonly size?: number } = {},
): Promise<Uint8Array> => {
  const size = await squareSide(photo, Math.min(Math.max(options.size ?? 512, MIN_TEXTURE_SIZE), MAX_TEXTURE_SIZE))
  const data = await centreSquare(photo, size).webp({ quality: 78 }).toBuffer()
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
