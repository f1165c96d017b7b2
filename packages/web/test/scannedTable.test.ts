import { DishId } from "@ardine/domain"
import { describe, expect, it } from "vitest"
import { addOne, atTable, emptyCart, scannedTable, withoutTable } from "../src/lib/cart.js"

const soup = DishId.make("00000000-0000-4000-8000-000000000001")
const token = "KiMUiSQRQo-df1WKyuhu7NOn5RrtlUUYn7wyDeVeu0Y"
const other = "dB_dunesT--W6fnqc3_FPo1ahS120E5xuGtry77xZpQ"

describe("the table in a scanned address", () => {
  it("is a table the restaurant has, with the code's token", () => {
    expect(scannedTable({ table: "4", token }, 10)).toEqual({ _tag: "Table", table: 4, token })
    expect(scannedTable({ table: "10" }, 10)).toEqual({ _tag: "Table", table: 10, token: undefined })
    expect(scannedTable({ table: "4", token: "" }, 10)).toEqual({ _tag: "Table", table: 4, token: undefined })
    expect(scannedTable({}, 10)).toEqual({ _tag: "None" })
  })

  it("is an error for a table the restaurant does not have, never a fallback to another table", () => {
    expect(scannedTable({ table: "11", token }, 10)).toEqual({ _tag: "Unknown", value: "11" })
    expect(scannedTable({ table: "0" }, 10)).toEqual({ _tag: "Unknown", value: "0" })
    expect(scannedTable({ table: "4abc" }, 10)).toEqual({ _tag: "Unknown", value: "4abc" })
    expect(scannedTable({ table: "" }, 10)).toEqual({ _tag: "Unknown", value: "" })
    expect(scannedTable({ table: "9".repeat(40) }, 10)).toEqual({ _tag: "Unknown", value: "9".repeat(12) })
  })
})

describe("the cart's table", () => {
  it("takes the scanned table and token, keeping the dishes", () => {
    const cart = atTable(addOne(emptyCart, { dishId: soup }), 4, token)
    expect(cart).toEqual({ lines: [{ dishId: soup, quantity: 1 }], table: 4, tableToken: token })
  })

  it("keeps the token of the same table when a link carries only the number, and drops it for another table", () => {
    const seated = atTable(emptyCart, 4, token)
    expect(atTable(seated, 4, undefined)).toEqual({ lines: [], table: 4, tableToken: token })
    expect(atTable(seated, 5, undefined)).toEqual({ lines: [], table: 5 })
    expect(atTable(seated, 4, other)).toEqual({ lines: [], table: 4, tableToken: other })
  })

  it("forgets the table and its token, not the dishes", () => {
    const seated = atTable(addOne(emptyCart, { dishId: soup }), 4, token)
    expect(withoutTable(seated)).toEqual({ lines: [{ dishId: soup, quantity: 1 }] })
  })
})
