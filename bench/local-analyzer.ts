// Local analyzer benchmark: the time to read a dish from a 2048 px JPEG (decode with shrink-on-load, reduce to
// 320 px, segment, classify, measure), median of many runs per photo, wall time and this process's CPU time
// (the CPU time is what the work costs when other processes share the machine).
// Run: npx tsx bench/local-analyzer.ts
import sharp from "sharp"
import { readDishPhoto } from "../packages/infra/src/localAnalyzer/index.js"
import { photograph, randomDish } from "../packages/infra/test/support/dishScenes.js"
import { median, round } from "./stats.js"

const PHOTOS = 8
const RUNS = 15

const photos: Array<{ readonly kind: string; readonly jpeg: Uint8Array }> = []
for (let index = 0; index < PHOTOS; index++) {
  const { geometry, scene } = randomDish(index)
  photos.push({
    kind: geometry.vessel.kind,
    jpeg: await photograph(geometry, { ...scene, size: 2048 }, `bench-${index}`),
  })
}
// Warm up the JIT and libvips once.
for (const photo of photos) await readDishPhoto(sharp, photo.jpeg)

const wall: Array<number> = []
const cpu: Array<number> = []
const rows = []
for (const photo of photos) {
  const ownWall: Array<number> = []
  const ownCpu: Array<number> = []
  for (let run = 0; run < RUNS; run++) {
    const startCpu = process.cpuUsage()
    const start = performance.now()
    await readDishPhoto(sharp, photo.jpeg)
    ownWall.push(performance.now() - start)
    const used = process.cpuUsage(startCpu)
    // libvips decodes on its own threads, which process.cpuUsage counts too.
    ownCpu.push((used.user + used.system) / 1000)
  }
  wall.push(...ownWall)
  cpu.push(...ownCpu)
  rows.push({
    kind: photo.kind,
    kiB: Math.round(photo.jpeg.byteLength / 1024),
    wallMs: round(median(ownWall)),
    cpuMs: round(median(ownCpu)),
  })
}
console.table(rows)
console.log(
  JSON.stringify({
    photos: PHOTOS,
    runsEach: RUNS,
    side: 2048,
    medianWallMs: round(median(wall)),
    medianCpuMs: round(median(cpu)),
  }),
)
