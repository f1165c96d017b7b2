import { createHash, timingSafeEqual } from "node:crypto"
import { InvalidTableToken, type RestaurantId } from "@ardine/domain"
import type { TableTokensRepo } from "@ardine/infra"
import { Effect, Option } from "effect"

const digest = (value: string) => createHash("sha256").update(value).digest()

/** Compares in constant time (over digests, so the lengths are equal too): a wrong guess learns nothing. */
const sameToken = (stored: string, given: string) => timingSafeEqual(digest(stored), digest(given))

/**
 * An order needs the token of its table's QR code, so only someone at the table (or given its code) can order
 * there: a prank from the internet cannot fill a kitchen board. Missing and wrong are the same answer.
 */
export const checkTableToken = Effect.fn("checkTableToken")(function* (
  tables: TableTokensRepo,
  restaurantId: RestaurantId,
  table: number,
  given: string | undefined,
) {
  const stored = yield* tables.tokenOf(restaurantId, table)
  if (given !== undefined && Option.isSome(stored) && sameToken(stored.value, given)) return
  return yield* Effect.fail(
    new InvalidTableToken({ table, message: "Scan the code on your table again to order from this table" }),
  )
})
