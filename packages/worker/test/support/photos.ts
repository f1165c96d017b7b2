import sharp from "sharp"

/** A deterministic test photo: a gradient with a pattern, `variant` changes every pixel. */
export const makePhoto = async (width: number, height: number, variant: number, noise = 0): Promise<Uint8Array> => {
  const raw = Buffer.alloc(width * height * 3)
  let state = 12345 + variant
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0
      const jitter = noise * ((state >>> 16) / 65536 - 0.5)
      const i = (y * width + x) * 3
      raw[i] = Math.max(0, Math.min(255, (x * 255) / width + jitter))
      raw[i + 1] = Math.max(0, Math.min(255, (y * 255) / height + jitter))
      raw[i + 2] = Math.max(0, Math.min(255, 128 + 100 * Math.sin((x + y + variant * 37) / 9) + jitter))
    }
  }
  return new Uint8Array(
    await sharp(raw, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer(),
  )
}
