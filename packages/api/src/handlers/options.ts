import {
  ArdineApi,
  CopiedOptionGroups,
  CurrentUser,
  OptionGroupList,
  type RestaurantId,
  rulesForNewGroup,
} from "@ardine/domain"
import { OptionGroupsRepo, OptionSuggestionsRepo, RestaurantsRepo } from "@ardine/infra"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Effect } from "effect"
import { MenuCache } from "../menu/MenuCache.js"

export const OptionsLive = HttpApiBuilder.group(ArdineApi, "options", (handlers) =>
  Effect.gen(function* () {
    const restaurants = yield* RestaurantsRepo
    const groups = yield* OptionGroupsRepo
    const suggestions = yield* OptionSuggestionsRepo
    const menus = yield* MenuCache
    // Another owner's restaurant is "not found", and so are its dishes and their groups.
    const owned = (restaurantId: RestaurantId) =>
      Effect.flatMap(CurrentUser, (user) => restaurants.getOwned(user.id, restaurantId))
    // Options are on the public menu: a write that committed drops the cached menu, as dish edits do.
    const ownedWrite = <A, E, R>(restaurantId: RestaurantId, write: Effect.Effect<A, E, R>) =>
      Effect.zipRight(owned(restaurantId), write).pipe(Effect.tap(() => menus.invalidate(restaurantId)))

    return handlers
      .handle("listGroups", ({ path }) =>
        Effect.zipRight(
          owned(path.restaurantId),
          Effect.map(
            groups.listForDish(path.restaurantId, path.dishId),
            (list) => new OptionGroupList({ groups: list }),
          ),
        ),
      )
      .handle("createGroup", ({ path, payload }) =>
        ownedWrite(
          path.restaurantId,
          groups.createGroup(path.restaurantId, path.dishId, {
            name: payload.name,
            rules: rulesForNewGroup({ ...payload, optionCount: payload.options.length }),
            options: payload.options,
            translations: payload.translations,
          }),
        ),
      )
      .handle("updateGroup", ({ path, payload }) =>
        ownedWrite(path.restaurantId, groups.updateGroup(path.restaurantId, path.dishId, path.groupId, payload)),
      )
      .handle("deleteGroup", ({ path }) =>
        ownedWrite(path.restaurantId, groups.deleteGroup(path.restaurantId, path.dishId, path.groupId)),
      )
      .handle("reorderGroups", ({ path, payload }) =>
        ownedWrite(
          path.restaurantId,
          Effect.map(
            groups.reorderGroups(path.restaurantId, path.dishId, payload.groupIds),
            (list) => new OptionGroupList({ groups: list }),
          ),
        ),
      )
      .handle("copyGroup", ({ path, payload }) =>
        ownedWrite(
          path.restaurantId,
          Effect.map(
            groups.copyGroup(path.restaurantId, path.dishId, path.groupId, payload.dishIds),
            (copies) => new CopiedOptionGroups({ groups: copies }),
          ),
        ),
      )
      .handle("createOption", ({ path, payload }) =>
        ownedWrite(path.restaurantId, groups.createOption(path.restaurantId, path.dishId, path.groupId, payload)),
      )
      .handle("updateOption", ({ path, payload }) =>
        ownedWrite(
          path.restaurantId,
          groups.updateOption(path.restaurantId, path.dishId, path.groupId, path.optionId, payload),
        ),
      )
      .handle("deleteOption", ({ path }) =>
        ownedWrite(path.restaurantId, groups.deleteOption(path.restaurantId, path.dishId, path.groupId, path.optionId)),
      )
      .handle("reorderOptions", ({ path, payload }) =>
        ownedWrite(
          path.restaurantId,
          groups.reorderOptions(path.restaurantId, path.dishId, path.groupId, payload.optionIds),
        ),
      )
      .handle("acceptSuggestion", ({ path }) =>
        ownedWrite(path.restaurantId, suggestions.accept(path.restaurantId, path.dishId, path.index)),
      )
      .handle("dismissSuggestion", ({ path }) =>
        // Suggestions are not on the menu, but the write goes through the same owned path.
        ownedWrite(path.restaurantId, suggestions.dismiss(path.restaurantId, path.dishId, path.index)),
      )
  }),
)
