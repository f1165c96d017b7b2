import { describe, expect, it } from "vitest"
import { qrPath, tableUrl, tableUrls } from "../src/lib/qr.js"

describe("table QR codes", () => {
  it("point each table at the diner menu with its number", () => {
    expect(tableUrl("https://ardine.example", "demo", 4)).toBe("https://ardine.example/r/demo?table=4")
    expect(tableUrl("http://localhost:4000/", "la-piazza", 12)).toBe("http://localhost:4000/r/la-piazza?table=12")
  })

  it("makes one URL per table, 1 to tableCount", () => {
    const urls = tableUrls("https://ardine.example", "demo", 3)
    expect(urls).toEqual([
      "https://ardine.example/r/demo?table=1",
      "https://ardine.example/r/demo?table=2",
      "https://ardine.example/r/demo?table=3",
    ])
    expect(tableUrls("https://a.example", "demo", 500)).toHaveLength(500)
    expect(new Set(tableUrls("https://a.example", "demo", 500)).size).toBe(500)
  })

  it("draws dark modules as horizontal runs", () => {
    const matrix = [
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 1],
    ]
    expect(qrPath(3, (row, column) => matrix[row]?.[column] === 1)).toBe(
      "M0 0h2v1h-2zM1 1h1v1h-1zM0 2h1v1h-1zM2 2h1v1h-1z",
    )
  })
})
