// Builds one model from the command line, to look at the result in a viewer:
//   npx tsx packages/worker/src/builder/cli.ts dish.json photo.jpg out.glb [textureSize]
// It also writes a poster next to the model (out.webp) and prints the stats and the validator's verdict.
import { readFile, writeFile } from "node:fs/promises"
import { DishGeometry } from "@ardine/domain"
import { Schema } from "effect"
import { buildDishModel, renderPoster, validateGlb } from "./index.js"

const [geometryPath, photoPath, outPath = "dish.glb", textureSize] = process.argv.slice(2)
if (!geometryPath || !photoPath) {
  console.error("usage: cli.ts <geometry.json> <photo> [out.glb] [textureSize]")
  process.exit(2)
}

const geometry = Schema.decodeUnknownSync(DishGeometry)(JSON.parse(await readFile(geometryPath, "utf8")))
const photo = new Uint8Array(await readFile(photoPath))
const started = performance.now()
const { glb, stats } = await buildDishModel(geometry, photo, textureSize ? { textureSize: Number(textureSize) } : {})
const buildMs = Math.round(performance.now() - started)
const report = await validateGlb(glb)
await writeFile(outPath, glb)
await writeFile(`${outPath.replace(/\.glb$/i, "")}.webp`, await renderPoster(photo))
console.log(JSON.stringify({ out: outPath, buildMs, ...stats, validator: report }, null, 2))
if (report.numErrors > 0) process.exit(1)
