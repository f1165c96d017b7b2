import type { ComponentShape } from "@ardine/domain"
import {
  type Blob,
  blobsOf,
  meanHex,
  medianTone,
  open,
  type Picture,
  pixelDistance,
  type Tone,
  toneDistance,
} from "./picture.js"
import { convexHull, edgePoints, enclosingCircle, lobes, polygonArea } from "./shapes.js"

// The food: pixels that are neither table nor vessel, grouped by colour (shading-tolerant), then each colour group
// split into its connected pieces. One colour group is one component: its pieces are its count (sushi, scoops,
// garnish), its outline and texture give its shape class.

export interface FoodRegion {
  readonly shape: ComponentShape
  /** Footprint: the smallest circle around every piece, in px. */
  readonly x: number
  readonly y: number
  readonly widthPx: number
  readonly count: number
  /** Width of one piece (for pieces' heights), px. */
  readonly pieceWidthPx: number
  readonly color: string
  /** Share of its pixels on a sharp brightness edge (a nest's strands, a garnish's crumbs). */
  readonly texture: number
  readonly area: number
  /** Area over the area of its convex hull. */
  readonly solidity: number
  readonly tone: Tone
}

export interface FoodContext {
  /** Diameter of the area food sits in, px (for "large" and "small"). */
  readonly innerWidthPx: number
  /** The vessel holds liquid well (bowl, cup, glass, deep plate). */
  readonly holdsLiquid: boolean
  readonly onFlat: boolean
}

const clusterTones = (p: Picture, pixels: Int32Array): Array<Tone> => {
  // Coarse histogram, then greedy grouping of its bins (largest first) and two k-means passes.
  const bins = new Map<number, { n: number; cr: number; cg: number; logL: number }>()
  for (const i of pixels) {
    const key =
      (Math.floor((p.cr[i] ?? 0) / 0.015) * 100 + Math.floor((p.cg[i] ?? 0) / 0.015)) * 100 +
      Math.floor((p.logL[i] ?? 0) / 0.12)
    const bin = bins.get(key) ?? { n: 0, cr: 0, cg: 0, logL: 0 }
    bin.n++
    bin.cr += p.cr[i] ?? 0
    bin.cg += p.cg[i] ?? 0
    bin.logL += p.logL[i] ?? 0
    bins.set(key, bin)
  }
  const ordered = [...bins.entries()].sort((a, b) => b[1].n - a[1].n || a[0] - b[0])
  let seeds: Array<Tone> = []
  for (const [, bin] of ordered) {
    const tone = { cr: bin.cr / bin.n, cg: bin.cg / bin.n, logL: bin.logL / bin.n }
    if (bin.n < 3 || seeds.some((s) => toneDistance(s, tone) < 30)) continue
    seeds.push(tone)
  }
  for (let pass = 0; pass < 2; pass++) {
    const sums = seeds.map(() => ({ n: 0, cr: 0, cg: 0, logL: 0 }))
    for (const i of pixels) {
      const sum = sums[nearest(seeds, p, i)]
      if (sum === undefined) continue
      sum.n++
      sum.cr += p.cr[i] ?? 0
      sum.cg += p.cg[i] ?? 0
      sum.logL += p.logL[i] ?? 0
    }
    const minimum = Math.max(12, 0.02 * pixels.length)
    seeds = sums.filter((s) => s.n >= minimum).map((s) => ({ cr: s.cr / s.n, cg: s.cg / s.n, logL: s.logL / s.n }))
    seeds = seeds.filter((s, k) => !seeds.slice(0, k).some((t) => toneDistance(s, t) < 24))
  }
  return seeds
}

/** The seed closest to pixel i. */
const nearest = (seeds: ReadonlyArray<Tone>, p: Picture, i: number): number => {
  let best = 0
  let bestDistance = Number.POSITIVE_INFINITY
  for (let k = 0; k < seeds.length; k++) {
    const d = pixelDistance(p, i, seeds[k] as Tone)
    if (d < bestDistance) {
      bestDistance = d
      best = k
    }
  }
  return best
}

/** Share of pixels whose right or lower neighbour (also in the set) is clearly brighter or darker. */
const textureOf = (p: Picture, pixels: Int32Array, inSet: (i: number) => boolean): number => {
  let edges = 0
  for (const i of pixels) {
    for (const j of [i + 1, i + p.width]) {
      if (inSet(j) && Math.abs((p.logL[i] ?? 0) - (p.logL[j] ?? 0)) > 0.14) {
        edges++
        break
      }
    }
  }
  return edges / Math.max(1, pixels.length)
}

/** Brightness of the middle of a piece over that of its edge, ln (a dome or a scoop catches the light on top). */
const domeLight = (p: Picture, pixels: Int32Array, cx: number, cy: number, r: number): number => {
  let inner = 0
  let innerN = 0
  let outer = 0
  let outerN = 0
  for (const i of pixels) {
    const x = i % p.width
    const d = Math.hypot(x - cx, (i - x) / p.width - cy) / Math.max(1, r)
    if (d < 0.35) {
      inner += p.logL[i] ?? 0
      innerN++
    } else if (d > 0.7) {
      outer += p.logL[i] ?? 0
      outerN++
    }
  }
  return innerN === 0 || outerN === 0 ? 0 : inner / innerN - outer / outerN
}

/** Length over width of a blob, from its second moments. */
const elongation = (blob: Blob, width: number): number => {
  let sxx = 0
  let syy = 0
  let sxy = 0
  for (const i of blob.pixels) {
    const x = (i % width) - blob.cx
    const y = Math.floor(i / width) - blob.cy
    sxx += x * x
    syy += y * y
    sxy += x * y
  }
  const t = (sxx + syy) / 2
  const d = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy * sxy)
  return Math.sqrt((t + d) / Math.max(1e-9, t - d))
}

const regionOf = (p: Picture, blobs: Array<Blob>, context: FoodContext): FoodRegion | null => {
  const largest = blobs[0]
  if (largest === undefined) return null
  const pieces = blobs.filter((b) => b.area >= 0.25 * largest.area)
  const all = Int32Array.from(pieces.flatMap((b) => Array.from(b.pixels)))
  const set = new Uint8Array(p.width * p.height)
  for (const i of all) set[i] = 1
  const inSet = (i: number) => set[i] === 1
  const hull = convexHull(edgePoints(all, inSet, p.width))
  const circle = enclosingCircle(hull)
  const widthPx = 2 * circle.r + 1
  const texture = textureOf(p, all, inSet)
  const light = domeLight(p, all, circle.x, circle.y, circle.r)
  const pieceWidthPx = 2 * Math.sqrt(all.length / pieces.length / Math.PI)
  const solidity = all.length / Math.max(1, polygonArea(hull))
  const base = {
    x: circle.x,
    y: circle.y,
    widthPx,
    pieceWidthPx,
    color: meanHex(p, all),
    texture,
    area: all.length,
    solidity,
    tone: medianTone(p, all),
  }
  if (pieces.length >= 2) {
    const stretched = pieces.filter((b) => elongation(b, p.width) > 1.35).length >= 0.6 * pieces.length
    const shape: ComponentShape = stretched
      ? "slices"
      : pieceWidthPx < 0.3 * widthPx && pieces.length >= 3
        ? "garnish"
        : light > 0.3
          ? "scoops"
          : "cylinder"
    return { ...base, shape, count: Math.min(24, pieces.length) }
  }
  const compactness = all.length / (Math.PI * circle.r * circle.r)
  const bulges = lobes((x, y) => x >= 0 && x < p.width && set[y * p.width + x] === 1, circle, circle.r)
  if (bulges >= 3 && solidity < 0.9) return { ...base, shape: "slices", count: Math.min(24, bulges) }
  const large = widthPx >= 0.6 * context.innerWidthPx
  const shape: ComponentShape =
    compactness < 0.55 && solidity > 0.8
      ? "wedge"
      : texture > 0.09
        ? "nest"
        : context.holdsLiquid && large && texture < 0.05
          ? "liquid"
          : light > 0.35
            ? "dome"
            : large && context.onFlat
              ? "disc"
              : "mound"
  return { ...base, shape, count: 1 }
}

/** The food regions among `candidates` (pixels that are neither table nor vessel), largest first. */
export const findFood = (p: Picture, candidates: Int32Array, context: FoodContext): Array<FoodRegion> => {
  const mask = new Uint8Array(p.width * p.height)
  for (const i of candidates) mask[i] = 1
  const clean = open(mask, p.width, p.height)
  const pixels = Int32Array.from(candidates.filter((i) => clean[i]))
  if (pixels.length === 0) return []
  const seeds = clusterTones(p, pixels)
  const labels = new Int32Array(p.width * p.height).fill(-1)
  for (const i of pixels) labels[i] = nearest(seeds, p, i)
  const minArea = Math.max(10, 0.0004 * context.innerWidthPx * context.innerWidthPx)
  const regions: Array<FoodRegion> = []
  seeds.forEach((_, k) => {
    const own = new Uint8Array(p.width * p.height)
    for (const i of pixels) if (labels[i] === k) own[i] = 1
    // Thin rings of mixed colour where two colours meet are no food of their own: opening removes them.
    const blobs = blobsOf(open(own, p.width, p.height), p.width, p.height, minArea)
    const region = regionOf(p, blobs, context)
    if (region === null) return
    // A thin ring (a vessel's step or edge in a colour of its own) and crumbs are no component.
    const hollow = region.count === 1 && region.area < 0.15 * Math.PI * (region.widthPx / 2) ** 2
    const crumb = region.widthPx < 0.06 * context.innerWidthPx
    if (!hollow && !crumb) regions.push(region)
  })
  // One food in light and shade (a scoop's lit top, a wedge's dark edge) can fall into two colour groups: a group of
  // the same hue centred inside a larger one is part of it.
  const merged = regions.filter(
    (r) =>
      !regions.some(
        (o) =>
          o !== r &&
          o.area > r.area &&
          toneDistance(o.tone, r.tone, 0) < 12 &&
          Math.hypot(o.x - r.x, o.y - r.y) < o.widthPx / 2 + r.widthPx / 4,
      ),
  )
  // Strands drawn over a food (a nest's swirl, grill marks) are its texture, not food of their own.
  const kept = merged.filter(
    (r) =>
      !(
        r.count === 1 &&
        r.solidity < 0.45 &&
        merged.some((o) => o !== r && o.area > r.area && Math.hypot(o.x - r.x, o.y - r.y) < o.widthPx / 2)
      ),
  )
  return kept.sort((a, b) => b.area - a.area)
}
