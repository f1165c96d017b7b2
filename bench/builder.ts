// Builder benchmark: time per model, models/second on one core, GLB sizes, over 100 geometries
// drawn from the DishGeometry schema itself (fixed seed, so every run builds the same 100 dishes).
// The USDZ written beside each GLB is timed on its own, so the report gives GLB-only and GLB+USDZ.
// Run (pinned to one core, libvips single-threaded): taskset -c 0 npx tsx bench/builder.ts
import { availableParallelism } from "node:os"
import { DishGeometry } from "@ardine/domain"
import { Arbitrary, FastCheck as fc } from "effect"
import sharp from "sharp"
import { buildDishModel, buildUsdzFromGlb, validateGlb } from "../packages/worker/src/builder/index.js"
import { median, percentile, round } from "./stats.js"

// One core means one libvips thread too.
sharp.concurrency(1)

const COUNT = 100
const geometries = fc.sample(Arbitrary.make(DishGeometry), { numRuns: COUNT, seed: 20261125 })

// A 1600x1200 photo-like image (gradient plus noise): realistic texture work for the resize and JPEG encode.
const width = 1600
const height = 1200
const raw = Buffer.alloc(width * height * 3)
let state = 42
for (let i = 0; i < raw.length; i++) {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0
  raw[i] = ((i % (width * 3)) / 12 + (state >>> 24) / 4) & 255
}
const photo = new Uint8Array(
  await sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer(),
)

// Warm-up: JIT and sharp's thread pool, not measured.
for (const geometry of geometries.slice(0, 5)) await buildUsdzFromGlb((await buildDishModel(geometry, photo)).glb)

const times: Array<number> = []
const withUsdz: Array<number> = []
const sizes: Array<number> = []
const usdzSizes: Array<number> = []
const triangles: Array<number> = []
let errors = 0
const started = performance.now()
for (const geometry of geometries) {
  const t0 = performance.now()
  const model = await buildDishModel(geometry, photo)
  const glbMs = performance.now() - t0
  times.push(glbMs)
  const t1 = performance.now()
  const usdz = await buildUsdzFromGlb(model.glb)
  withUsdz.push(glbMs + performance.now() - t1)
  usdzSizes.push(usdz.stats.bytes)
  sizes.push(model.stats.bytes)
  triangles.push(model.stats.triangles)
  errors += (await validateGlb(model.glb)).numErrors
}
const wall = (performance.now() - started) / 1000

const kb = (n: number) => round(n / 1024, 0)
console.log(
  JSON.stringify(
    {
      machine: { cores: availableParallelism(), node: process.version },
      models: COUNT,
      buildMs: { median: round(median(times)), p90: round(percentile(times, 90)), max: round(Math.max(...times)) },
      glbPlusUsdzMs: { median: round(median(withUsdz)), p90: round(percentile(withUsdz, 90)) },
      usdzCostRatio: round(median(withUsdz) / median(times), 2),
      modelsPerSecondOneCore: round(COUNT / (times.reduce((a, b) => a + b, 0) / 1000), 1),
      wallSecondsIncludingValidation: round(wall, 1),
      glbKiB: {
        min: kb(Math.min(...sizes)),
        median: kb(median(sizes)),
        p90: kb(percentile(sizes, 90)),
        max: kb(Math.max(...sizes)),
      },
      usdzKiB: { median: kb(median(usdzSizes)), max: kb(Math.max(...usdzSizes)) },
      triangles: { median: median(triangles), max: Math.max(...triangles) },
      validatorErrors: errors,
    },
    null,
    2,
  ),
)
