// Plane geometry on pixel sets: convex hull, smallest enclosing circle, lobes of an outline.

export interface Point {
  readonly x: number
  readonly y: number
}

export interface Circle {
  readonly x: number
  readonly y: number
  readonly r: number
}

/** The pixels on the edge of a set (an in-set pixel with a 4-neighbour outside it). */
export const edgePoints = (pixels: ArrayLike<number>, inSet: (i: number) => boolean, width: number): Array<Point> => {
  const out: Array<Point> = []
  for (let k = 0; k < pixels.length; k++) {
    const i = pixels[k] ?? 0
    const x = i % width
    if (!inSet(i - 1) || !inSet(i + 1) || !inSet(i - width) || !inSet(i + width) || x === 0 || x === width - 1) {
      out.push({ x, y: (i - x) / width })
    }
  }
  return out
}

/** Convex hull (Andrew's monotone chain), counter-clockwise. */
export const convexHull = (points: ReadonlyArray<Point>): Array<Point> => {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y)
  if (sorted.length < 3) return sorted
  const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
  const half = (list: ReadonlyArray<Point>) => {
    const chain: Array<Point> = []
    for (const p of list) {
      while (chain.length >= 2 && cross(chain[chain.length - 2] as Point, chain[chain.length - 1] as Point, p) <= 0) {
        chain.pop()
      }
      chain.push(p)
    }
    chain.pop()
    return chain
  }
  return [...half(sorted), ...half([...sorted].reverse())]
}

export const polygonArea = (polygon: ReadonlyArray<Point>): number => {
  let twice = 0
  for (let k = 0; k < polygon.length; k++) {
    const a = polygon[k] as Point
    const b = polygon[(k + 1) % polygon.length] as Point
    twice += a.x * b.y - b.x * a.y
  }
  return Math.abs(twice) / 2
}

const circleOf2 = (a: Point, b: Point): Circle => ({
  x: (a.x + b.x) / 2,
  y: (a.y + b.y) / 2,
  r: Math.hypot(a.x - b.x, a.y - b.y) / 2,
})

const circleOf3 = (a: Point, b: Point, c: Point): Circle => {
  const d = 2 * (a.x * (b.y - c.y) + b.x * (c.y - a.y) + c.x * (a.y - b.y))
  if (Math.abs(d) < 1e-9) {
    const pairs = [circleOf2(a, b), circleOf2(a, c), circleOf2(b, c)]
    return pairs.reduce((best, next) => (next.r > best.r ? next : best))
  }
  const a2 = a.x * a.x + a.y * a.y
  const b2 = b.x * b.x + b.y * b.y
  const c2 = c.x * c.x + c.y * c.y
  const x = (a2 * (b.y - c.y) + b2 * (c.y - a.y) + c2 * (a.y - b.y)) / d
  const y = (a2 * (c.x - b.x) + b2 * (a.x - c.x) + c2 * (b.x - a.x)) / d
  return { x, y, r: Math.hypot(a.x - x, a.y - y) }
}

const inside = (c: Circle, p: Point) => Math.hypot(p.x - c.x, p.y - c.y) <= c.r + 1e-7

/** Smallest circle around the points (incremental; run on hull points, which are few). */
export const enclosingCircle = (points: ReadonlyArray<Point>): Circle => {
  const first = points[0]
  if (first === undefined) return { x: 0, y: 0, r: 0 }
  let circle: Circle = { x: first.x, y: first.y, r: 0 }
  for (let i = 1; i < points.length; i++) {
    const p = points[i] as Point
    if (inside(circle, p)) continue
    circle = { x: p.x, y: p.y, r: 0 }
    for (let j = 0; j < i; j++) {
      const q = points[j] as Point
      if (inside(circle, q)) continue
      circle = circleOf2(p, q)
      for (let k = 0; k < j; k++) {
        const s = points[k] as Point
        if (!inside(circle, s)) circle = circleOf3(p, q, s)
      }
    }
  }
  return circle
}

/** How many separate bulges an outline has around `centre` (fanned slices show one per slice). */
export const lobes = (inSet: (x: number, y: number) => boolean, centre: Point, radius: number): number => {
  const rays = 72
  const reach = Array.from({ length: rays }, (_, k) => {
    const angle = (k / rays) * Math.PI * 2
    let last = 0
    for (let t = 0; t <= radius * 1.1; t += 0.5) {
      if (inSet(Math.round(centre.x + Math.cos(angle) * t), Math.round(centre.y + Math.sin(angle) * t))) last = t
    }
    return last
  })
  const smooth = reach.map(
    (_, k) => ((reach[(k + rays - 1) % rays] ?? 0) + 2 * (reach[k] ?? 0) + (reach[(k + 1) % rays] ?? 0)) / 4,
  )
  const top = Math.max(...smooth)
  if (top <= 0) return 0
  // A lobe: a local maximum that rises clearly above the valleys on both sides.
  let count = 0
  for (let k = 0; k < rays; k++) {
    const v = smooth[k] ?? 0
    if (v < (smooth[(k + rays - 1) % rays] ?? 0) || v <= (smooth[(k + 1) % rays] ?? 0)) continue
    const valley = (direction: number) => {
      let low = v
      for (let s = 1; s < rays / 2; s++) {
        const w = smooth[(k + direction * s + rays) % rays] ?? 0
        if (w > v) break
        low = Math.min(low, w)
      }
      return low
    }
    if (v - Math.max(valley(1), valley(-1)) > 0.12 * top) count++
  }
  return count
}
