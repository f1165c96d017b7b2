import { describe, expect, it } from "vitest"
import { qrPath, shortTableUrl, tableUrl, tokenInFragment } from "../src/lib/qr.js"

const token = "KiMUiSQRQo-df1WKyuhu7NOn5RrtlUUYn7wyDeVeu0Y"

describe("table QR codes", () => {
  it("point each table at the diner menu with its number and its token", () => {
    expect(tableUrl("https://ardine.example", "demo", 4, token)).toBe(
      `https://ardine.example/r/demo?table=4#token=${token}`,
    )
    expect(tableUrl("http://localhost:4000/", "la-piazza", 12, token)).toBe(
      `http://localhost:4000/r/la-piazza?table=12#token=${token}`,
    )
  })

  it("carry the token in the fragment, which the browser never sends to a server", () => {
    const url = new URL(tableUrl("https://ardine.example", "demo", 4, token))
    expect(url.search).toBe("?table=4")
    expect(tokenInFragment(url.hash)).toBe(token)
    expect(tokenInFragment("")).toBeUndefined()
    expect(tokenInFragment("#other=1")).toBeUndefined()
  })

  it("print a short address a diner can type: the code in three groups of four", () => {
    expect(shortTableUrl("https://ardine.example/", "6G8MEJZMQHWZ")).toBe("https://ardine.example/t/6G8M-EJZM-QHWZ")
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
