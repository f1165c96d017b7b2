import type { Outline } from "./outline.js"
import { type Blob, median, medianTone, type Picture, pixelDistance, type Tone } from "./picture.js"

// What the vessel looks like from its centre out: its rim band (the outermost band of one colour), where that band
// ends (a step into a plate's well, a tray's raised border, or the food), and how dark its inner wall or well is.
// From those: the vessel's kind, and a model of its own colour at each radius, so food can be told from vessel.

const BINS = 56

export interface VesselLook {
  readonly rimTone: Tone
  /** Where the rim band ends, as a fraction of the outline's radius. */
  readonly rimInner: number
  /** The band ends at a darker ring of the vessel's own colour (a step or raised border), not at food. */
  readonly step: boolean
  /** How much darker (ln) the vessel is just inside its rim band than on it (a bowl's wall, a deep plate's well). */
  readonly wallDarkness: number
  /** The rim band's pixels, and whether most of them are one colour (a vessel's rim, not food's edge). */
  readonly band: Int32Array
  readonly uniformRim: boolean
  /** How much brighter (ln) the outermost edge is than the band inside it (the lit wall of a clear glass). */
  readonly edgeGlow: number
  /** Whether pixel i (at radius rho) shows the vessel rather than food. */
  readonly isVessel: (i: number, rho: number) => boolean
}

export const lookAt = (p: Picture, body: Blob, outline: Outline): VesselLook => {
  const bins: Array<Array<number>> = Array.from({ length: BINS }, () => [])
  const rhoOf = new Float32Array(body.pixels.length)
  body.pixels.forEach((i, k) => {
    const x = i % p.width
    const rho = outline.rho(x, (i - x) / p.width)
    rhoOf[k] = rho
    const bin = Math.floor(rho * BINS)
    if (bin < BINS) bins[bin]?.push(i)
  })
  // The rim band: the outermost ring of one colour. A bowl's rim is thin (its wall shows just inside), a glass's
  // outer edge is a lit line, so two rings are tried and the more uniform one is the rim.
  const ringOf = (from: number, to: number) => {
    const pixels = body.pixels.filter((_, k) => (rhoOf[k] ?? 0) >= from && (rhoOf[k] ?? 0) < to)
    const tone = medianTone(p, pixels)
    const alike = pixels.filter((i) => pixelDistance(p, i, tone) < 13).length / Math.max(1, pixels.length)
    return { pixels, tone, alike }
  }
  const rings = [ringOf(0.9, 0.96), ringOf(0.945, 0.99)]
  const ring = (rings[1]?.alike ?? 0) > (rings[0]?.alike ?? 0) ? rings[1] : rings[0]
  const band = ring?.pixels ?? new Int32Array()
  const rimTone = ring?.tone ?? medianTone(p, band)
  const uniformRim = (ring?.alike ?? 0) >= 0.6
  const share = (pixels: Array<number>, test: (i: number) => boolean) =>
    pixels.length === 0 ? 0 : pixels.filter(test).length / pixels.length
  const sameHue = (i: number) => pixelDistance(p, i, rimTone, 0) < 11
  const rimLike = (i: number) => pixelDistance(p, i, rimTone) < 13
  const vesselDark = (i: number) => {
    const l = p.logL[i] ?? 0
    return l < rimTone.logL - 0.05 && l > rimTone.logL - 0.9 && sameHue(i)
  }

  // Walk inwards from the rim band until it ends.
  let inner = Math.floor(0.9 * BINS)
  while (inner > 0 && share(bins[inner - 1] ?? [], rimLike) >= 0.6) inner--
  // A thin step ring smears over two bins when the outline is not quite an ellipse.
  const stepShare = (bin: number) => (bin >= 0 ? share(bins[bin] ?? [], vesselDark) : 0)
  const step = inner > 0 && Math.max(stepShare(inner - 1), stepShare(inner - 2)) >= 0.3
  const rimInner = inner / BINS

  // The vessel's brightness at each radius, from the pixels of its own hue; food-covered radii borrow from outside.
  const level = new Float64Array(BINS)
  let known = rimTone.logL
  for (let bin = BINS - 1; bin >= 0; bin--) {
    const own = (bins[bin] ?? []).filter((i) => {
      const l = p.logL[i] ?? 0
      return l < rimTone.logL + 0.15 && l > rimTone.logL - 0.9 && sameHue(i)
    })
    if (own.length >= Math.max(6, 0.25 * (bins[bin]?.length ?? 0))) known = median(own.map((i) => p.logL[i] ?? 0))
    level[bin] = known
  }
  const wellBins = Array.from({ length: 6 }, (_, k) => inner - 2 - k).filter((bin) => bin >= 0)
  const wallDarkness =
    wellBins.length === 0 ? 0 : rimTone.logL - Math.min(...wellBins.map((bin) => level[bin] ?? rimTone.logL))
  const edge = body.pixels.filter((_, k) => (rhoOf[k] ?? 0) >= 0.965)
  const inside = body.pixels.filter((_, k) => (rhoOf[k] ?? 0) >= 0.86 && (rhoOf[k] ?? 0) < 0.93)
  const edgeGlow = median(Array.from(edge, (i) => p.logL[i] ?? 0)) - median(Array.from(inside, (i) => p.logL[i] ?? 0))
  // Brightness may change fast with the radius (a rim stepping down into a wall): a pixel may match any level
  // within a few bins of its own.
  const low = new Float64Array(BINS)
  const high = new Float64Array(BINS)
  for (let bin = 0; bin < BINS; bin++) {
    const near = Array.from(level.subarray(Math.max(0, bin - 3), Math.min(BINS, bin + 4)))
    // Sensor noise is a few levels whatever the brightness: on a dark vessel it is a large ratio.
    const slack = 0.16 + 10 / Math.exp(level[bin] ?? rimTone.logL)
    low[bin] = Math.min(...near) - slack
    high[bin] = Math.max(...near) + slack
  }
  const isVessel = (i: number, rho: number) => {
    const bin = Math.min(BINS - 1, Math.floor(rho * BINS))
    const l = p.logL[i] ?? 0
    return l > (low[bin] ?? 0) && l < (high[bin] ?? 0) && sameHue(i)
  }
  return { rimTone, band, uniformRim, rimInner, step, wallDarkness, edgeGlow, isVessel }
}

export type VesselClass = "plate" | "bowl" | "deep-plate" | "glass" | "cup" | "board" | "tray"

/** The kind from the outline and the look; `filled` is the share of the inside that food covers. */
export const classify = (outline: Outline, look: VesselLook, filled: number): VesselClass => {
  if (outline.shape === "rect") return look.step && 1 - look.rimInner < 0.2 ? "tray" : "board"
  if (outline.handle !== null) return "cup"
  const rim = 1 - look.rimInner
  // Clear glass: a light lip, brighter than the band just inside it (where the table shows through the wall).
  const lightLip = look.rimTone.logL > Math.log(150)
  if (lightLip && look.edgeGlow > 0.15) return "glass"
  if (!look.step && look.wallDarkness < 0.12 && look.edgeGlow > 0.1) return "glass"
  // A bowl's steep wall shows as a dark band inside a thin rim; or food fills it to the rim.
  if (look.wallDarkness > 0.3 || (filled > 0.85 && rim < 0.2)) return "bowl"
  if (look.wallDarkness > 0.12 && rim >= 0.2) return "deep-plate"
  return "plate"
}
