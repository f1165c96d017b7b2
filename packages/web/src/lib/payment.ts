import type { PaymentMethod } from "@ardine/domain"

/** The diner's remembered way to pay if this restaurant takes it, else the first one it offers. */
export const chosenPayment = (offered: ReadonlyArray<PaymentMethod>, preferred: PaymentMethod): PaymentMethod =>
  offered.includes(preferred) ? preferred : (offered[0] ?? preferred)
