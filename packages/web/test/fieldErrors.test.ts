import { CreateRestaurantRequest, PlaceOrderRequest, SignUpRequest } from "@ardine/domain"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { dictionary } from "../src/i18n/dictionaries/en.js"
import { checkForm, fieldErrors, stillWrong } from "../src/lib/fieldErrors.js"
import { priceProblem } from "../src/lib/money.js"
import { orderFieldErrors } from "../src/lib/orderFields.js"

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

describe("field messages say what is actually wrong", () => {
  const order = (customerName: string) => ({
    table: 3,
    items: [{ dishId: "00000000-0000-4000-8000-000000000001", quantity: 1 }],
    customerName,
    customerPhone: "+44 20 7946 0958",
    paymentMethod: "Cash",
  })
  const orderErrors = (customerName: string) => {
    const result = checkForm(PlaceOrderRequest, order(customerName))
    return Either.isLeft(result) ? orderFieldErrors(result.left, dictionary.orderFields) : {}
  }

  it("asks a diner for their name when it is missing, and for a shorter one when it is too long", () => {
    expect(orderErrors("  ").customerName).toBe("Enter your name, so the staff know whose order it is.")
    expect(orderErrors("A".repeat(81)).customerName).toBe("That is too long: use at most 80 characters.")
    expect(orderErrors("A".repeat(80))).toEqual({})
  })

  it("tells an owner the highest price, not the format, when a price is too high", () => {
    expect(priceProblem("100000.01", "EUR")).toBe("Enter a price of at most 100000.00")
    expect(priceProblem("99999999", "JPY")).toBe("Enter a price of at most 10000000")
    expect(priceProblem("twelve", "EUR")).toBe("Enter a price like 12.50")
    expect(priceProblem("100000.00", "EUR")).toBeUndefined()
    expect(priceProblem("0", "EUR")).toBeUndefined()
  })
})

describe("messages while a form is being corrected", () => {
  const shown = { name: "must not be empty", email: "must be an email address" }

  it("drops a field's message as soon as the field is right, and updates one still wrong", () => {
    expect(stillWrong(shown, { email: "must be an email address" })).toEqual({ email: "must be an email address" })
    expect(stillWrong(shown, { name: "must be at most 120 characters" })).toEqual({
      name: "must be at most 120 characters",
    })
    expect(stillWrong(shown, {})).toEqual({})
  })

  it("flags nothing new before the next submit", () => {
    expect(stillWrong({}, { password: "must be at least 10 characters" })).toEqual({})
    expect(stillWrong({ name: "must not be empty" }, { password: "must be at least 10 characters" })).toEqual({})
  })
})
