import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { CurrencyCode } from "../src/money.js"
import { checkPaymentMethod, defaultPricingSettings, PaymentMethods } from "../src/payment.js"
import { CreateRestaurantRequest, withPricingDefaults } from "../src/restaurant.js"

const currency = (code: string) => Schema.decodeSync(CurrencyCode)(code)
const methods = Schema.decodeUnknownEither(PaymentMethods)

describe("a restaurant's payment methods", () => {
  it("are one or more known methods, each once", () => {
    expect(methods(["Card"])).toEqual(Either.right(["Card"]))
    expect(methods(["UPI", "Cash", "Card"])).toEqual(Either.right(["UPI", "Cash", "Card"]))
    for (const bad of [[], ["Cash", "Cash"], ["Cheque"], [null], "Cash"]) {
      expect(Either.isLeft(methods(bad)), JSON.stringify(bad)).toBe(true)
    }
  })

  it("refuse a method the restaurant does not offer, naming the ones it does", () => {
    expect(checkPaymentMethod(["Cash", "UPI"], "UPI")).toEqual(Either.right("UPI"))
    const refused = checkPaymentMethod(["Cash", "Card"], "UPI")
    expect(Either.isLeft(refused) && refused.left).toMatchObject({
      _tag: "PaymentMethodNotOffered",
      paymentMethod: "UPI",
      offered: ["Cash", "Card"],
    })
  })
})

describe("a new restaurant's pricing settings", () => {
  it("include tax in menu prices for EUR and GBP only", () => {
    expect(defaultPricingSettings(currency("EUR")).pricesIncludeTax).toBe(true)
    expect(defaultPricingSettings(currency("GBP")).pricesIncludeTax).toBe(true)
    for (const code of ["USD", "INR", "JPY", "CHF"]) {
      expect(defaultPricingSettings(currency(code)).pricesIncludeTax, code).toBe(false)
    }
  })

  it("offer UPI only where it is a way to pay (INR)", () => {
    expect(defaultPricingSettings(currency("INR")).paymentMethods).toEqual(["Cash", "Card", "UPI"])
    expect(defaultPricingSettings(currency("EUR")).paymentMethods).toEqual(["Cash", "Card"])
  })

  it("keep what the owner chose over the currency's default", () => {
    const request = Schema.decodeUnknownSync(CreateRestaurantRequest)({
      slug: "x",
      name: "X",
      currency: "EUR",
      taxRateBps: 2000,
      tableCount: 4,
      pricesIncludeTax: false,
      paymentMethods: ["UPI"],
    })
    expect(withPricingDefaults(request)).toMatchObject({ pricesIncludeTax: false, paymentMethods: ["UPI"] })
    const { pricesIncludeTax: _p, paymentMethods: _m, ...unchosen } = request
    expect(withPricingDefaults(new CreateRestaurantRequest(unchosen))).toMatchObject({
      pricesIncludeTax: true,
      paymentMethods: ["Cash", "Card"],
    })
  })
})
