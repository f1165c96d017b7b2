import { createHash } from "node:crypto"
import type { DishGeometry, FoodComponent } from "@ardine/domain"
import { loadSharp } from "@ardine/infra"
import { Effect } from "effect"

// The demo restaurant ships no photographs (nothing may be downloaded here), so each demo dish gets
// a top-down picture drawn from its own geometry: the worker then textures the model with it exactly
// as it would a real photo.

const SIZE = 800

const prng = (seed: string) => {
  let state = createHash("sha256").update(seed).digest().readUInt32LE(0) || 1
  return () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return ((state >>> 0) % 100_000) / 100_000
  }
}

const shade = (hex: string, amount: number) => {
  const n = Number.parseInt(hex.slice(1), 16)
  const channel = (shift: number) => Math.max(0, Math.min(255, Math.round(((n >> shift) & 255) * (1 + amount))))
  return `#${[16, 8, 0].map((s) => channel(s).toString(16).padStart(2, "0")).join("")}`
}

const vesselWidthCm = (geometry: DishGeometry) =>
  geometry.vessel.kind === "none"
    ? Math.max(...geometry.components.map((c) => c.widthCm)) * 1.6
    : "diameterCm" in geometry.vessel
      ? geometry.vessel.diameterCm
      : Math.max(geometry.vessel.widthCm, geometry.vessel.depthCm)

const component = (c: FoodComponent, index: number, pxPerCm: number, innerRadiusPx: number, random: () => number) => {
  const cx = SIZE / 2 + c.position.x * innerRadiusPx
  const cy = SIZE / 2 + c.position.z * innerRadiusPx
  const r = (c.widthCm / 2) * pxPerCm
  const fill = `url(#food${index})`
  const gradient = `<radialGradient id="food${index}" cx="40%" cy="35%" r="70%">
      <stop offset="0" stop-color="${shade(c.color, 0.25)}"/><stop offset="1" stop-color="${shade(c.color, -0.25)}"/></radialGradient>`
  const pieces = (n: number, spread: number, pieceR: number) =>
    Array.from({ length: n }, (_, i) => {
      const angle = (i / n) * Math.PI * 2 + random() * 0.4
      const distance = n === 1 ? 0 : spread * Math.sqrt(random())
      return `<circle cx="${cx + Math.cos(angle) * distance}" cy="${cy + Math.sin(angle) * distance}" r="${pieceR * (0.8 + random() * 0.4)}" fill="${fill}" filter="url(#grain)"/>`
    }).join("")
  switch (c.shape) {
    case "garnish":
      return { gradient, body: pieces(c.count * 3, r, Math.max(3, r / 6)) }
    case "scoops":
      return { gradient, body: pieces(c.count, r * 0.45, r / Math.max(1.4, Math.sqrt(c.count) * 1.2)) }
    case "slices": {
      const body = Array.from({ length: c.count }, (_, i) => {
        const angle = (i / c.count) * 360
        return `<ellipse cx="${cx}" cy="${cy - r * 0.55}" rx="${r * 0.32}" ry="${r * 0.45}" transform="rotate(${angle} ${cx} ${cy})" fill="${fill}" stroke="${shade(c.color, -0.35)}" stroke-width="3" filter="url(#grain)"/>`
      }).join("")
      return { gradient, body }
    }
    default:
      return {
        gradient,
        body: `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}" filter="url(#grain)"/>`,
      }
  }
}

/** A deterministic 800x800 JPEG of the dish seen from above. */
export const renderDemoPhoto = (geometry: DishGeometry, seed: string): Effect.Effect<Uint8Array> => {
  const random = prng(seed)
  const pxPerCm = (SIZE * 0.86) / vesselWidthCm(geometry)
  const v = geometry.vessel
  const outer = (vesselWidthCm(geometry) / 2) * pxPerCm
  const rim = v.kind !== "none" && v.rimCm !== undefined ? v.rimCm * pxPerCm : outer * 0.15
  const inner = outer - rim
  const vessel =
    v.kind === "none"
      ? ""
      : v.kind === "board" || v.kind === "tray"
        ? `<rect x="${SIZE / 2 - (v.widthCm / 2) * pxPerCm}" y="${SIZE / 2 - (v.depthCm / 2) * pxPerCm}" width="${v.widthCm * pxPerCm}" height="${v.depthCm * pxPerCm}" rx="${pxPerCm * 2}" fill="${v.color}" filter="url(#grain)"/>`
        : `<circle cx="${SIZE / 2}" cy="${SIZE / 2}" r="${outer}" fill="${v.color}"/>
           <circle cx="${SIZE / 2}" cy="${SIZE / 2}" r="${inner}" fill="${shade(v.color, -0.06)}"/>`
  const parts = geometry.components.map((c, i) => component(c, i, pxPerCm, inner, random))
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}">
    <defs>
      <filter id="grain"><feTurbulence type="fractalNoise" baseFrequency="0.9" numOctaves="2" seed="${Math.floor(random() * 1000)}"/>
        <feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.18"/></feComponentTransfer>
        <feComposite in2="SourceGraphic" operator="in"/><feBlend in="SourceGraphic" mode="multiply"/></filter>
      ${parts.map((p) => p.gradient).join("")}
    </defs>
    <rect width="100%" height="100%" fill="#6d4c35"/>
    ${vessel}
    ${parts.map((p) => p.body).join("")}
  </svg>`
  return Effect.flatMap(loadSharp, (sharp) =>
    Effect.promise(() => sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer()),
  ).pipe(Effect.map((jpeg) => new Uint8Array(jpeg)))
}
