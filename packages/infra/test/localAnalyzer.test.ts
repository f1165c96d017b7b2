// The local analyzer (no AI key) on photos drawn from known geometries: the round trip geometry -> photo ->
// analysis must give back the vessel's kind and size and the food's components. The photos are drawn by the demo
// seeder's drawer and then photographed badly (test/support/dishScenes.ts): table grain, a slight tilt, off-centre
// framing, a lighting gradient, noise and JPEG.

import { type DishAnalysis, DishGeometry, type FoodComponent } from "@ardine/domain"
import { sampleSize } from "@ardine/test-support/testDepth"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import sharp from "sharp"
import { DishAnalyzer, DishAnalyzerLocal } from "../src/DishAnalyzer.js"
import { defaultScene } from "../src/dishPhoto/drawDish.js"
import { photograph, randomDish, type Score, score, VESSEL_KINDS } from "./support/dishScenes.js"

// Every fifth photo of the same deterministic sample in a quick run (test:fast).
const PHOTOS = sampleSize(300, 60)
const STRIDE = 300 / PHOTOS

const analyze = (image: Uint8Array): Effect.Effect<DishAnalysis, unknown> =>
  Effect.flatMap(DishAnalyzer, (analyzer) => analyzer.analyze({ image, mimeType: "image/jpeg", currency: "EUR" })).pipe(
    Effect.provide(DishAnalyzerLocal),
  )

/** A photo of `geometry` as an owner might take it: wood table (or a backdrop), a little tilt, noise. */
const snap = (geometry: DishGeometry, table = { color: "#6d4c35", grain: true }) =>
  Effect.promise(() =>
    photograph(
      geometry,
      { ...defaultScene, size: 640, fill: 0.8, table, foodGrain: false, tilt: { turnDeg: 3, squash: 0.95 } },
      "snap",
    ),
  )

const food = (
  shape: FoodComponent["shape"],
  widthCm: number,
  color: string,
  count = 1,
  x = 0,
  z = 0,
): FoodComponent => ({
  shape,
  widthCm,
  heightCm: 2,
  position: { x, z },
  count,
  color,
  roughness: 0.6,
})

const share = (scores: ReadonlyArray<boolean>) => scores.filter(Boolean).length / Math.max(1, scores.length)
const percent = (value: number) => `${(100 * value).toFixed(1)} %`

describe("local analyzer round trip", () => {
  it.live(
    `reads back vessel kind and size and the components of ${PHOTOS} drawn photos`,
    () =>
      Effect.gen(function* () {
        const scores: Array<Score & { readonly kind: string }> = []
        for (let index = 0; index < 300; index += STRIDE) {
          const { geometry, scene } = randomDish(index)
          const photo = yield* Effect.promise(() => photograph(geometry, scene, `photo-${index}`))
          const analysis = yield* analyze(photo)
          expect(Schema.is(DishGeometry)(analysis.geometry)).toBe(true)
          scores.push({ ...score(geometry, analysis.geometry), kind: geometry.vessel.kind })
        }
        const sized = scores.flatMap((s) => (s.sizeError === null ? [] : [s.sizeError <= 0.15]))
        const matches = scores.flatMap((s) => s.matches)
        const figures = {
          kind: share(scores.map((s) => s.kindRight)),
          size: share(sized),
          count: share(scores.map((s) => s.countRight)),
          centre: share(matches.map((m) => m.centre <= 0.15)),
          width: share(matches.map((m) => m.width <= 0.25)),
        }
        const byKind = VESSEL_KINDS.map((kind) => {
          const own = scores.filter((s) => s.kind === kind)
          return `${kind}: kind ${percent(share(own.map((s) => s.kindRight)))}, count ${percent(share(own.map((s) => s.countRight)))}`
        })
        console.log(
          [
            `local analyzer round trip over ${PHOTOS} photos:`,
            `vessel kind right ${percent(figures.kind)}; vessel size within 15 % ${percent(figures.size)} (of ${sized.length} with a vessel)`,
            `component count right ${percent(figures.count)}`,
            `matched components (${matches.length}): centre within 15 % of the vessel radius ${percent(figures.centre)}, width within 25 % ${percent(figures.width)}`,
            ...byKind,
          ].join("\n"),
        )
        expect(figures.kind).toBeGreaterThanOrEqual(0.9)
        expect(figures.size).toBeGreaterThanOrEqual(0.9)
        expect(figures.count).toBeGreaterThanOrEqual(0.75)
        expect(figures.centre).toBeGreaterThanOrEqual(0.9)
        expect(figures.width).toBeGreaterThanOrEqual(0.85)
      }),
    900_000,
  )
})

// The dishes the grid-of-colours analyzer got wrong: a pizza on a board (a soup bowl), a tray of eight sushi (a plate
// with one blob), a cake wedge (a dark dot), a latte (a plate with a mound) and three apples on a white backdrop
// (apples on a red plate).
describe("local analyzer on the dishes it used to misread", () => {
  it.live("a pizza on a wooden board is a board with a large disc", () =>
    Effect.gen(function* () {
      const photo = yield* snap({
        vessel: { kind: "board", widthCm: 36, depthCm: 36, heightCm: 2, color: "#c8955c", roughness: 0.7 },
        components: [food("disc", 30, "#d9822b"), food("garnish", 20, "#2e7d32", 6)],
      })
      const { geometry } = yield* analyze(photo)
      expect(geometry.vessel.kind).toBe("board")
      const [pizza] = geometry.components
      expect(pizza?.widthCm).toBeGreaterThan(24)
      expect(pizza?.widthCm).toBeLessThan(36)
    }),
  )

  it.live("a tray of eight sushi pieces is a tray with eight pieces", () =>
    Effect.gen(function* () {
      const photo = yield* snap({
        vessel: { kind: "tray", widthCm: 36, depthCm: 25, heightCm: 2.5, rimCm: 2, color: "#2b2b2b", roughness: 0.4 },
        components: [food("cylinder", 20, "#f5e6c8", 8)],
      })
      const { geometry } = yield* analyze(photo)
      expect(geometry.vessel.kind).toBe("tray")
      expect(geometry.components.map((c) => c.count)).toContain(8)
    }),
  )

  it.live("a cake wedge on a plate is a wedge", () =>
    Effect.gen(function* () {
      const photo = yield* snap({
        vessel: { kind: "plate", diameterCm: 21, heightCm: 1.8, rimCm: 2.5, color: "#ffffff", roughness: 0.25 },
        components: [food("wedge", 10, "#5d4037")],
      })
      const { geometry } = yield* analyze(photo)
      expect(geometry.vessel.kind).toBe("plate")
      expect(geometry.components.map((c) => c.shape)).toEqual(["wedge"])
    }),
  )

  it.live("a latte seen from above is a cup of liquid", () =>
    Effect.gen(function* () {
      const photo = yield* snap({
        vessel: { kind: "cup", diameterCm: 9, heightCm: 8, color: "#f7f5f0", roughness: 0.3 },
        components: [food("liquid", 7.6, "#c8a27a")],
      })
      const { geometry } = yield* analyze(photo)
      expect(geometry.vessel).toMatchObject({ kind: "cup", diameterCm: 8.5 })
      expect(geometry.components.map((c) => c.shape)).toEqual(["liquid"])
    }),
  )

  it.live("three apples on a white backdrop are three pieces and no plate", () =>
    Effect.gen(function* () {
      const photo = yield* snap(
        { vessel: { kind: "none" }, components: [food("scoops", 20, "#c0392b", 3)] },
        { color: "#f4f4f4", grain: false },
      )
      const { geometry } = yield* analyze(photo)
      expect(geometry.vessel.kind).toBe("none")
      expect(geometry.components.reduce((pieces, c) => pieces + c.count, 0)).toBe(3)
    }),
  )

  it.live("a photo with nothing on the table keeps the old default shape and asks for review", () =>
    Effect.gen(function* () {
      const empty = yield* Effect.promise(() =>
        sharp({ create: { width: 400, height: 300, channels: 3, background: "#8a8178" } })
          .jpeg()
          .toBuffer(),
      )
      const { geometry, needsReview } = yield* analyze(new Uint8Array(empty))
      expect(geometry.vessel.kind).toBe("plate")
      expect(needsReview).toContain("geometry")
    }),
  )
})
