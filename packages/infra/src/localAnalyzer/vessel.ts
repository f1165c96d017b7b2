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
  const band = body.pixels.filter((_, k) => (rhoOf[k] ?? 0) >= 0.91 && (rhoOf[k] ?? 0) < 0.975)
  const rimTone = medianTone(p, band)
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
  const edgeBin = bins[Math.max(0, inner - 1)] ?? []
  const step = inner > 0 && share(edgeBin, vesselDark) >= 0.4
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
  const isVessel = (i: number, rho: number) => {
    const bin = Math.min(BINS - 1, Math.floor(rho * BINS))
    return Math.abs((p.logL[i] ?? 0) - (level[bin] ?? rimTone.logL)) < 0.16 && sameHue(i)
  }
  return { rimTone, rimInner, step, wallDarkness, isVessel }
}

export type VesselClass = "plate" | "bowl" | "deep-plate" | "glass" | "cup" | "board" | "tray"

/** The kind from the outline and the look; `filled` is the share of the inside that food covers. */
export const classify = (outline: Outline, look: VesselLook, filled: number): VesselClass => {
  if (outline.shape === "rect") return look.step && 1 - look.rimInner < 0.2 ? "tray" : "board"
  if (outline.handle !== null) return "cup"
  const rim = 1 - look.rimInner
  if (look.wallDarkness > 0.3 || (filled > 0.85 && rim < 0.2))
    return rim < 0.08 && look.wallDarkness < 0.2 ? "glass" : "bowl"
  if (rim < 0.08 && filled > 0.6) return "glass"
  if (look.wallDarkness > 0.12 && rim >= 0.2) return "deep-plate"
  return "plate"
}
