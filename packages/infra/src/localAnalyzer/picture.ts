// Pixels and masks the local analyzer works on: a small RGB picture with, per pixel, a shading-tolerant colour
// (chromaticity, which a shadow or a lighting gradient barely changes, and log-luminance, which it shifts).

export interface Picture {
  readonly width: number
  readonly height: number
  readonly rgb: Uint8Array
  /** r / (r+g+b) and g / (r+g+b). */
  readonly cr: Float32Array
  readonly cg: Float32Array
  /** ln of the mean channel value (+1). */
  readonly logL: Float32Array
}

/** A colour in the analyzer's space. */
export interface Tone {
  readonly cr: number
  readonly cg: number
  readonly logL: number
}

export const pictureOf = (rgb: Uint8Array, width: number, height: number): Picture => {
  const n = width * height
  const cr = new Float32Array(n)
  const cg = new Float32Array(n)
  const logL = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    const r = rgb[i * 3] ?? 0
    const g = rgb[i * 3 + 1] ?? 0
    const b = rgb[i * 3 + 2] ?? 0
    const sum = r + g + b + 3
    cr[i] = (r + 1) / sum
    cg[i] = (g + 1) / sum
    logL[i] = Math.log(sum / 3)
  }
  return { width, height, rgb, cr, cg, logL }
}

/** Weights: a chromaticity step of 0.05 or a brightness ratio of about 1.35 count alike (30). */
const CHROMA = 600
const LIGHT = 100

/** Distance in the analyzer's colour space; chromaticity counts less in dark pixels, where it is mostly noise. */
export const toneDistance = (a: Tone, b: Tone, lightWeight = LIGHT): number =>
  distanceOf(a.cr, a.cg, a.logL, b, lightWeight)

/** `toneDistance` from pixel i of `p` to `b`, without allocating. */
export const pixelDistance = (p: Picture, i: number, b: Tone, lightWeight = LIGHT): number =>
  distanceOf(p.cr[i] ?? 0, p.cg[i] ?? 0, p.logL[i] ?? 0, b, lightWeight)

/** ln 50: below that mean channel value, chromaticity fades out. */
const DARK = Math.log(50)

const distanceOf = (cr: number, cg: number, logL: number, b: Tone, lightWeight: number): number => {
  const low = Math.min(logL, b.logL)
  const dc = CHROMA * (low >= DARK ? 1 : Math.exp(low - DARK))
  const x = (cr - b.cr) * dc
  const y = (cg - b.cg) * dc
  const z = (logL - b.logL) * lightWeight
  return Math.sqrt(x * x + y * y + z * z)
}

export const toneAt = (p: Picture, i: number): Tone => ({ cr: p.cr[i] ?? 0, cg: p.cg[i] ?? 0, logL: p.logL[i] ?? 0 })

/** The per-feature median of some pixels' tones (robust to the few that belong to something else). */
export const medianTone = (p: Picture, pixels: ArrayLike<number>): Tone => {
  const pick = (values: Float32Array) => median(Array.from(pixels, (i) => values[i] ?? 0))
  return { cr: pick(p.cr), cg: pick(p.cg), logL: pick(p.logL) }
}

export const median = (values: ArrayLike<number>): number => {
  if (values.length === 0) return 0
  // A typed array sorts numerically, and far faster than an array with a comparator.
  const sorted = Float64Array.from(values).sort()
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/** Mean sRGB colour of some pixels as #rrggbb. */
export const meanHex = (p: Picture, pixels: ArrayLike<number>): string => {
  const sum = [0, 0, 0]
  for (let k = 0; k < pixels.length; k++) {
    const i = pixels[k] ?? 0
    for (let c = 0; c < 3; c++) sum[c] = (sum[c] ?? 0) + (p.rgb[i * 3 + c] ?? 0)
  }
  const n = Math.max(1, pixels.length)
  return `#${sum
    .map((s) =>
      Math.round(s / n)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`
}

// ---------------------------------------------------------------------------------------------------------------------
// Masks (one byte per pixel, 1 = in)
// ---------------------------------------------------------------------------------------------------------------------

export type Mask = Uint8Array

/** One pass of 3x3 erosion (`keep` = 0) or dilation (`keep` = 1). */
const morph = (mask: Mask, width: number, height: number, grow: boolean): Mask => {
  const out = new Uint8Array(mask.length)
  // Separable: a 3x1 pass, then a 1x3 pass.
  const rows = new Uint8Array(mask.length)
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) {
      const l = x > 0 ? (mask[row + x - 1] ?? 0) : 0
      const c = mask[row + x] ?? 0
      const r = x < width - 1 ? (mask[row + x + 1] ?? 0) : 0
      rows[row + x] = grow ? l | c | r : l & c & r
    }
  }
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) {
      const u = y > 0 ? (rows[row - width + x] ?? 0) : 0
      const c = rows[row + x] ?? 0
      const d = y < height - 1 ? (rows[row + width + x] ?? 0) : 0
      out[row + x] = grow ? u | c | d : u & c & d
    }
  }
  return out
}

/** Removes specks and threads thinner than 3 px (or 5 px with `radius` 2): erode, then dilate. */
export const open = (mask: Mask, width: number, height: number, radius = 1): Mask => {
  let out = mask
  for (let k = 0; k < radius; k++) out = morph(out, width, height, false)
  for (let k = 0; k < radius; k++) out = morph(out, width, height, true)
  return out
}

export interface Blob {
  readonly pixels: Int32Array
  readonly area: number
  readonly cx: number
  readonly cy: number
}

/** Connected groups (8-neighbours) of in-mask pixels of at least `minArea` pixels, largest first. */
export const blobsOf = (mask: Mask, width: number, height: number, minArea: number): Array<Blob> => {
  const label = new Int32Array(mask.length).fill(-1)
  const stack = new Int32Array(mask.length)
  const blobs: Array<Blob> = []
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || label[start] !== -1) continue
    let top = 0
    const members: Array<number> = []
    stack[top++] = start
    label[start] = start
    let sx = 0
    let sy = 0
    while (top > 0) {
      const i = stack[--top] ?? 0
      members.push(i)
      const x = i % width
      const y = (i - x) / width
      sx += x
      sy += y
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy
        if (yy < 0 || yy >= height) continue
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx
          if (xx < 0 || xx >= width) continue
          const j = yy * width + xx
          if (mask[j] && label[j] === -1) {
            label[j] = start
            stack[top++] = j
          }
        }
      }
    }
    if (members.length >= minArea) {
      blobs.push({
        pixels: Int32Array.from(members),
        area: members.length,
        cx: sx / members.length,
        cy: sy / members.length,
      })
    }
  }
  return blobs.sort((a, b) => b.area - a.area || (a.pixels[0] ?? 0) - (b.pixels[0] ?? 0))
}
