import type { Mesh } from "./mesh.js"

/**
 * The highest food surface seen from above on a coarse grid, so garnish can be sprinkled on top of the food
 * already built instead of sinking into it. Triangles are rasterised, not just vertices, because a flat
 * disc has vertices only on its edge.
 */
export class HeightMap {
  private readonly cells: Float64Array
  private readonly cellSize: number

  constructor(
    private readonly halfSize: number,
    private readonly resolution = 64,
  ) {
    this.cells = new Float64Array(resolution * resolution).fill(Number.NEGATIVE_INFINITY)
    this.cellSize = (2 * halfSize) / resolution
  }

  private cellOf(v: number): number {
    return Math.floor((v + this.halfSize) / this.cellSize)
  }

  private raise(i: number, k: number, y: number): void {
    if (i < 0 || k < 0 || i >= this.resolution || k >= this.resolution) return
    const at = k * this.resolution + i
    if (y > (this.cells[at] ?? Number.NEGATIVE_INFINITY)) this.cells[at] = y
  }

  add(mesh: Mesh): void {
    const p = mesh.positions
    const point = (v: number) => [p[v * 3] ?? 0, p[v * 3 + 1] ?? 0, p[v * 3 + 2] ?? 0] as const
    for (let v = 0; v < p.length / 3; v++) {
      const [x, y, z] = point(v)
      this.raise(this.cellOf(x), this.cellOf(z), y)
    }
    const idx = mesh.indices
    for (let t = 0; t < idx.length; t += 3) {
      const [ax, ay, az] = point(idx[t] ?? 0)
      const [bx, by, bz] = point(idx[t + 1] ?? 0)
      const [cx, cy, cz] = point(idx[t + 2] ?? 0)
      const det = (bz - cz) * (ax - cx) + (cx - bx) * (az - cz)
      if (Math.abs(det) < 1e-12) continue
      for (let i = this.cellOf(Math.min(ax, bx, cx)); i <= this.cellOf(Math.max(ax, bx, cx)); i++) {
        for (let k = this.cellOf(Math.min(az, bz, cz)); k <= this.cellOf(Math.max(az, bz, cz)); k++) {
          const x = -this.halfSize + (i + 0.5) * this.cellSize
          const z = -this.halfSize + (k + 0.5) * this.cellSize
          const u = ((bz - cz) * (x - cx) + (cx - bx) * (z - cz)) / det
          const w = ((cz - az) * (x - cx) + (ax - cx) * (z - cz)) / det
          if (u < 0 || w < 0 || u + w > 1) continue
          this.raise(i, k, u * ay + w * by + (1 - u - w) * cy)
        }
      }
    }
  }

  /** The highest food at (x, z), or -Infinity where there is none. */
  heightAt(x: number, z: number): number {
    const i = this.cellOf(x)
    const k = this.cellOf(z)
    if (i < 0 || k < 0 || i >= this.resolution || k >= this.resolution) return Number.NEGATIVE_INFINITY
    return this.cells[k * this.resolution + i] ?? Number.NEGATIVE_INFINITY
  }
}
