// Models built from what the local analyzer reads must pass the same checks as any model: the glTF validator,
// the budgets and the real size. Checked on the demo menu (its seeded geometry and what the analyzer reads from
// its drawn photo) and on round-trip photos (packages/infra/test/support/dishScenes.ts).

import { readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { type DishAnalysis, DishGeometry } from "@ardine/domain"
import { DishAnalyzer, DishAnalyzerLocal, renderDishPhoto } from "@ardine/infra"
import { photograph, randomDish } from "@ardine/infra/test-support/dishScenes"
import { onePerKind, sampleSize } from "@ardine/test-support/testDepth"
import { Effect, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { buildDishModel, MAX_GLB_BYTES, MAX_TEXTURE_SIZE, MAX_TRIANGLES, validateGlb } from "../src/builder/index.js"

const analyze = (image: Uint8Array): Promise<DishAnalysis> =>
  Effect.runPromise(
    Effect.flatMap(DishAnalyzer, (analyzer) =>
      analyzer.analyze({ image, mimeType: "image/jpeg", currency: "EUR" }),
    ).pipe(Effect.provide(DishAnalyzerLocal)),
  )

/** Validator clean, within budget, and as large as the vessel it describes (2 %). */
const checkModel = async (geometry: DishGeometry, photo: Uint8Array, label: string) => {
  const { glb, stats } = await buildDishModel(geometry, photo, { textureSize: 256 })
  const report = await validateGlb(glb)
  expect(report.numErrors, `${label}: ${JSON.stringify(report.messages)}`).toBe(0)
  expect(report.numWarnings, `${label}: ${JSON.stringify(report.messages)}`).toBe(0)
  expect(stats.triangles).toBeLessThanOrEqual(MAX_TRIANGLES)
  expect(glb.byteLength).toBeLessThanOrEqual(MAX_GLB_BYTES)
  expect(stats.textureSize).toBeLessThanOrEqual(MAX_TEXTURE_SIZE)
  const v = geometry.vessel
  const { min, max } = stats.bounds
  const [width, depth] = [max[0] - min[0], max[2] - min[2]]
  if (v.kind === "none") return
  const [w, d] = "diameterCm" in v ? [v.diameterCm, v.diameterCm] : [v.widthCm, v.depthCm]
  expect(Math.abs(width - w / 100), `${label}: width ${width} for ${w} cm`).toBeLessThanOrEqual(0.02 * (w / 100))
  expect(Math.abs(depth - d / 100), `${label}: depth ${depth} for ${d} cm`).toBeLessThanOrEqual(0.02 * (d / 100))
  expect(max[1]).toBeGreaterThanOrEqual((0.98 * v.heightCm) / 100)
}

const DemoSeed = Schema.Struct({
  dishes: Schema.Array(Schema.Struct({ name: Schema.String, geometry: DishGeometry })),
})

describe("models from the local analyzer", () => {
  it("the demo menu: seeded and read-back geometries both build valid, real-size models", async () => {
    const file = fileURLToPath(new URL("../../../database/seed/demo.json", import.meta.url))
    const seed = Schema.decodeUnknownSync(Schema.parseJson(DemoSeed))(await readFile(file, "utf8"))
    // A quick run takes one dish per vessel kind.
    for (const dish of onePerKind(seed.dishes, (seeded) => seeded.geometry.vessel.kind)) {
      const photo = await Effect.runPromise(renderDishPhoto(dish.geometry, dish.name))
      await checkModel(dish.geometry, photo, `${dish.name} (seeded)`)
      const read = await analyze(photo)
      await checkModel(read.geometry, photo, `${dish.name} (read back)`)
    }
  }, 300_000)

  it("round-trip photos: every read-back geometry builds a valid, real-size model", async () => {
    for (let index = 0; index < 24; index += 24 / sampleSize(24, 6)) {
      const { geometry, scene } = randomDish(index)
      const photo = await photograph(geometry, scene, `model-${index}`)
      const read = await analyze(photo)
      await checkModel(read.geometry, photo, `round trip #${index} (${read.geometry.vessel.kind})`)
    }
  }, 300_000)
})
