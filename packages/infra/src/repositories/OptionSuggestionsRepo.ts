import {
  type DishId,
  NotFound,
  OPTION_GROUPS_REVIEW,
  type RestaurantId,
  rulesForNewGroup,
  type SuggestedOptionGroup,
  SuggestedOptionGroups,
} from "@ardine/domain"
import { SqlClient } from "@effect/sql"
import { Effect, Schema } from "effect"
import { dishNotFound } from "./DishesRepo.js"
import { OptionGroupsRepo } from "./OptionGroupsRepo.js"
import { inTransaction, mapSqlErrors } from "./sqlErrors.js"

export const suggestionNotFound = new NotFound({
  resource: "option-suggestion",
  message: "This dish has no such suggested option group",
})

/**
 * The analyzer's suggested option groups of a dish, which the owner accepts (each becomes a real group of
 * the dish) or dismisses one at a time. The last one gone, the dish no longer needs review for them.
 */
export class OptionSuggestionsRepo extends Effect.Service<OptionSuggestionsRepo>()("@ardine/OptionSuggestionsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const groups = yield* OptionGroupsRepo

    /** Removes the suggestion at `index` (the dish's row locked meanwhile) and returns it. */
    const take = (restaurantId: RestaurantId, dishId: DishId, index: number) =>
      Effect.gen(function* () {
        const rows = yield* sql<{ suggestedOptionGroups: unknown }>`
          SELECT suggested_option_groups FROM dishes
          WHERE id = ${dishId} AND restaurant_id = ${restaurantId} FOR UPDATE`
        if (rows[0] === undefined) return yield* Effect.fail(dishNotFound)
        const suggestions = yield* Schema.decodeUnknown(SuggestedOptionGroups)(rows[0].suggestedOptionGroups)
        const taken = suggestions[index]
        if (taken === undefined) return yield* Effect.fail(suggestionNotFound)
        const rest = suggestions.filter((_, i) => i !== index)
        yield* sql`UPDATE dishes SET suggested_option_groups = ${JSON.stringify(rest)}::jsonb,
            needs_review = CASE WHEN ${rest.length} = 0 THEN array_remove(needs_review, ${OPTION_GROUPS_REVIEW})
                                ELSE needs_review END,
            updated_at = now()
          WHERE id = ${dishId}`
        return taken
      })

    const asNewGroup = (suggestion: SuggestedOptionGroup) => ({
      name: suggestion.name,
      rules: rulesForNewGroup({
        selection: suggestion.selection,
        required: suggestion.required,
        optionCount: suggestion.options.length,
      }),
      options: suggestion.options.map((option) => ({ ...option, available: true })),
    })

    return {
      /** Makes the suggestion a group of the dish (its last), in the same transaction that removes it. */
      accept: Effect.fn("OptionSuggestionsRepo.accept")(
        (restaurantId: RestaurantId, dishId: DishId, index: number) =>
          inTransaction(sql)(
            Effect.flatMap(take(restaurantId, dishId, index), (suggestion) =>
              groups.createGroup(restaurantId, dishId, asNewGroup(suggestion)),
            ),
          ),
        mapSqlErrors,
      ),
      dismiss: Effect.fn("OptionSuggestionsRepo.dismiss")(
        (restaurantId: RestaurantId, dishId: DishId, index: number) =>
          Effect.asVoid(inTransaction(sql)(take(restaurantId, dishId, index))),
        mapSqlErrors,
      ),
    }
  }),
  dependencies: [OptionGroupsRepo.Default],
}) {}
