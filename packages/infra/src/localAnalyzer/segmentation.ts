import { type Blob, blobsOf, type Mask, median, open, type Picture, pixelDistance, type Tone } from "./picture.js"

// The table (or plain backdrop) is what the photo's border shows: one colour whose brightness may drift across the
// picture (a lamp on one side). It is modelled as that colour with a brightness plane fitted to the border, and the
// background is every table-like pixel connected to the border; whatever is left is the dish.

export interface Background {
  /** The table's colour at pixel i (brightness from the fitted plane). */
  readonly toneAt: (i: number) => Tone
  /** 1 where the table shows (connected to the border). */
  readonly mask: Mask
}

export interface Foreground {
  readonly background: Background
  readonly mask: Mask
  /** The separate things on the table, largest first. */
  readonly objects: ReadonlyArray<Blob>
  readonly area: number
}

/** Least-squares plane a + b x + c y through the points. */
const fitPlane = (xs: ArrayLike<number>, ys: ArrayLike<number>, vs: ArrayLike<number>) => {
  // Normal equations of a 3x3 system, solved by Cramer's rule.
  let n = 0
  let sx = 0
  let sy = 0
  let sxx = 0
  let syy = 0
  let sxy = 0
  let sv = 0
  let sxv = 0
  let syv = 0
  for (let k = 0; k < vs.length; k++) {
    const x = xs[k] ?? 0
    const y = ys[k] ?? 0
    const v = vs[k] ?? 0
    n++
    sx += x
    sy += y
    sxx += x * x
    syy += y * y
    sxy += x * y
    sv += v
    sxv += x * v
    syv += y * v
  }
  const det3 = (m: ReadonlyArray<number>) =>
    (m[0] ?? 0) * ((m[4] ?? 0) * (m[8] ?? 0) - (m[5] ?? 0) * (m[7] ?? 0)) -
    (m[1] ?? 0) * ((m[3] ?? 0) * (m[8] ?? 0) - (m[5] ?? 0) * (m[6] ?? 0)) +
    (m[2] ?? 0) * ((m[3] ?? 0) * (m[7] ?? 0) - (m[4] ?? 0) * (m[6] ?? 0))
  const d = det3([n, sx, sy, sx, sxx, sxy, sy, sxy, syy])
  if (Math.abs(d) < 1e-9) return { a: n === 0 ? 0 : sv / n, b: 0, c: 0 }
  return {
    a: det3([sv, sx, sy, sxv, sxx, sxy, syv, sxy, syy]) / d,
    b: det3([n, sv, sy, sx, sxv, sxy, sy, syv, syy]) / d,
    c: det3([n, sx, sv, sx, sxx, sxv, sy, sxy, syv]) / d,
  }
}

const borderPixels = (p: Picture): Array<number> => {
  const band = Math.max(2, Math.round(0.02 * Math.min(p.width, p.height)))
  const out: Array<number> = []
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      if (x < band || y < band || x >= p.width - band || y >= p.height - band) out.push(y * p.width + x)
    }
  }
  return out
}

export const modelBackground = (p: Picture): Background => {
  let sample = borderPixels(p)
  let tone: Tone = { cr: 0, cg: 0, logL: 0 }
  let plane = { a: 0, b: 0, c: 0 }
  let tolerance = 0
  const modelAt = (i: number): Tone => {
    const x = (i % p.width) / p.width
    const y = Math.floor(i / p.width) / p.height
    return { cr: tone.cr, cg: tone.cg, logL: plane.a + plane.b * x + plane.c * y }
  }
  // Fit, drop what does not look like the fit (a plate touching the border), fit again. Hue and brightness get
  // their own tolerance: wood grain and a lamp change brightness far more than hue.
  let lightTolerance = 0
  for (let round = 0; round < 3; round++) {
    tone = {
      cr: median(sample.map((i) => p.cr[i] ?? 0)),
      cg: median(sample.map((i) => p.cg[i] ?? 0)),
      logL: 0,
    }
    plane = fitPlane(
      sample.map((i) => (i % p.width) / p.width),
      sample.map((i) => Math.floor(i / p.width) / p.height),
      sample.map((i) => p.logL[i] ?? 0),
    )
    const hues = sample.map((i) => pixelDistance(p, i, modelAt(i), 0))
    const lights = sample.map((i) => Math.abs((p.logL[i] ?? 0) - modelAt(i).logL))
    tolerance = Math.max(10, 3.5 * median([...hues]) + 5)
    lightTolerance = Math.max(0.25, 3 * median([...lights]) + 0.1)
    const kept = sample.filter((_, k) => (hues[k] ?? 0) <= tolerance && (lights[k] ?? 0) <= lightTolerance)
    if (kept.length < 0.4 * sample.length || kept.length === sample.length) break
    sample = kept
  }
  // Flood the table from the border through table-like pixels.
  const n = p.width * p.height
  const like = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const model = modelAt(i)
    like[i] =
      Math.abs((p.logL[i] ?? 0) - model.logL) <= lightTolerance && pixelDistance(p, i, model, 0) <= tolerance ? 1 : 0
  }
  const mask = new Uint8Array(n)
  const stack: Array<number> = []
  for (const i of borderPixels(p)) {
    if (like[i] && !mask[i]) {
      mask[i] = 1
      stack.push(i)
    }
  }
  for (let i = stack.pop(); i !== undefined; i = stack.pop()) {
    const x = i % p.width
    for (const j of [x > 0 ? i - 1 : -1, x < p.width - 1 ? i + 1 : -1, i - p.width, i + p.width]) {
      if (j >= 0 && j < n && like[j] && !mask[j]) {
        mask[j] = 1
        stack.push(j)
      }
    }
  }
  return { toneAt: modelAt, mask }
}

/** Everything that is not table, cleaned of specks, as separate objects. */
export const findForeground = (p: Picture): Foreground => {
  const background = modelBackground(p)
  const raw = new Uint8Array(background.mask.length)
  for (let i = 0; i < raw.length; i++) raw[i] = background.mask[i] ? 0 : 1
  // Wood grain leaves thin streaks the table model misses: 5 px opening removes them.
  const mask = open(raw, p.width, p.height, 2)
  const objects = blobsOf(mask, p.width, p.height, Math.max(12, 0.002 * p.width * p.height))
  const area = objects.reduce((sum, o) => sum + o.area, 0)
  return { background, mask, objects, area }
}
