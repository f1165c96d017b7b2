import { MAX_QUANTITY } from "@ardine/domain"
import { describe, expect, it } from "vitest"
import { solidSsr } from "./support/solidSsr.js"

const { load } = solidSsr()

type Render = (fn: () => unknown) => string
type Create = (component: unknown, props: object) => unknown

const renderStepper = async (quantity: number) => {
  const web = await load("solid-js/web")
  await (await load("/src/i18n/index.ts")).showWordsIn("en")
  const { QuantityStepper } = await load("/src/components/QuantityStepper.tsx")
  return (web.renderToString as Render)(() =>
    (web.createComponent as Create)(QuantityStepper, {
      name: "Burrata",
      quantity,
      onAdd: () => undefined,
      onRemove: () => undefined,
    }),
  )
}

const moreButton = (html: string) => /<button\b[^>]*aria-label="One more Burrata"[^>]*>/.exec(html)?.[0] ?? ""

describe("the quantity stepper", () => {
  it("says why '+' does nothing at the most one order may hold, and keeps it focusable", async () => {
    const html = await renderStepper(MAX_QUANTITY)
    const button = moreButton(html)
    expect(button).toContain('aria-disabled="true"')
    expect(button).not.toMatch(/\sdisabled\b/)
    const describedBy = /aria-describedby="([^"]+)"/.exec(button)?.[1]
    const note = new RegExp(`<span\\b[^>]*id="${describedBy}"[^>]*role="status"[^>]*>([^<]*)`).exec(html)?.[1]
    expect(note).toBe(`${MAX_QUANTITY} at most per order`)
  })

  it("says nothing below the maximum", async () => {
    const html = await renderStepper(MAX_QUANTITY - 1)
    expect(moreButton(html)).not.toContain("aria-describedby")
    expect(html).not.toContain("at most per order")
  })
})
