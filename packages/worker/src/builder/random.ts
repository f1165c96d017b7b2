// Deterministic randomness: the same geometry must always give byte-identical models, so nothing here
// reads the clock or Math.random; every generator is seeded from the geometry itself.

/** JSON with sorted keys, so two equal geometries hash the same whatever their key order. */
const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`
  }
  return JSON.stringify(value) ?? "null"
}

/** 32-bit FNV-1a hash of a value's canonical JSON. */
export const hashValue = (value: unknown): number => {
  const text = canonicalJson(value)
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

export interface Random {
  /** Uniform in [0, 1). */
  readonly next: () => number
  /** Uniform in [min, max). */
  readonly range: (min: number, max: number) => number
}

/** mulberry32: tiny, fast and good enough for scattering garnish and phasing noise. */
export const makeRandom = (seed: number): Random => {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, range: (min, max) => min + (max - min) * next() }
}
