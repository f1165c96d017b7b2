import { CreateRestaurantRequest, PlaceOrderRequest, SignUpRequest } from "@ardine/domain"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { checkForm, fieldErrors } from "../src/lib/fieldErrors.js"

const errorsOf = (result: Either.Either<unknown, Parameters<typeof fieldErrors>[0]>) =>
  Either.isLeft(result) ? fieldErrors(result.left) : {}

describe("forms are checked with the domain's own schemas", () => {
  it("names every wrong field at once, not only the first", () => {
    const errors = errorsOf(checkForm(SignUpRequest, { name: "", email: "nope", password: "short" }))
    expect(Object.keys(errors).sort()).toEqual(["email", "name", "password"])
    expect(errors.password).toBe("must be at least 10 characters")
    expect(errors.email).toBe("must be an email address")
  })

  it("checks a restaurant's slug and table count", () => {
    const errors = errorsOf(
      checkForm(CreateRestaurantRequest, {
        name: "Chez Nous",
        slug: "-bad-",
        currency: "EUR",
        taxRateBps: 1000,
        tableCount: 0,
      }),
    )
    expect(Object.keys(errors).sort()).toEqual(["slug", "tableCount"])
  })

  it("accepts a valid order and trims what people type", () => {
    const result = checkForm(PlaceOrderRequest, {
      table: 3,
      items: [{ dishId: "00000000-0000-4000-8000-000000000001", quantity: 2 }],
      customerName: "  Ada ",
      customerPhone: " +44 20 7946 0958 ",
      paymentMethod: "UPI",
    })
    expect(Either.isRight(result) && result.right.customerName).toBe("Ada")
  })
})
