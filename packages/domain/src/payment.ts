import { Either, Schema } from "effect"
import { PaymentMethodNotOffered } from "./errors.js"

export const PaymentMethod = Schema.Literal("Cash", "Card", "UPI")
export type PaymentMethod = typeof PaymentMethod.Type

/** The methods a restaurant offers: at least one, each once (a diner must always have a way to pay). */
export const PaymentMethods = Schema.Array(PaymentMethod).pipe(
  Schema.minItems(1, { message: () => "offer at least one payment method" }),
  Schema.filter((methods) => new Set(methods).size === methods.length || "each payment method at most once"),
)
export type PaymentMethods = typeof PaymentMethods.Type

/** How a restaurant prices its menu and takes payment. */
export interface PricingSettings {
  readonly pricesIncludeTax: boolean
  readonly paymentMethods: PaymentMethods
}

/**
 * What a new restaurant gets for the settings its owner did not choose. Diners in the euro area and
 * the UK read a menu price as what they pay (VAT included); UPI is only a way to pay in India.
 */
export const defaultPricingSettings = (currency: string): PricingSettings => ({
  pricesIncludeTax: currency === "EUR" || currency === "GBP",
  paymentMethods: currency === "INR" ? ["Cash", "Card", "UPI"] : ["Cash", "Card"],
})

/** A diner may only pay in a way the restaurant offers. */
export const checkPaymentMethod = (
  offered: ReadonlyArray<PaymentMethod>,
  method: PaymentMethod,
): Either.Either<PaymentMethod, PaymentMethodNotOffered> =>
  offered.includes(method)
    ? Either.right(method)
    : Either.left(
        new PaymentMethodNotOffered({
          paymentMethod: method,
          offered,
          message: `This restaurant takes ${offered.join(", ")}`,
        }),
      )
