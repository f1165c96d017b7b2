import { ArdineApi, CurrentUser } from "@ardine/domain"
import { ModelChoiceRepo, RestaurantsRepo } from "@ardine/infra"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Effect } from "effect"
import { MenuCache } from "../menu/MenuCache.js"

export const RestaurantsLive = HttpApiBuilder.group(ArdineApi, "restaurants", (handlers) =>
  Effect.gen(function* () {
    const restaurants = yield* RestaurantsRepo
    const menus = yield* MenuCache
    const modelChoices = yield* ModelChoiceRepo
    return handlers
      .handle("list", () => Effect.flatMap(CurrentUser, (user) => restaurants.listByOwner(user.id)))
      .handle("create", ({ payload }) => Effect.flatMap(CurrentUser, (user) => restaurants.create(user.id, payload)))
      .handle("get", ({ path }) =>
        Effect.flatMap(CurrentUser, (user) => restaurants.getOwned(user.id, path.restaurantId)),
      )
      .handle("update", ({ path, payload }) =>
        Effect.flatMap(CurrentUser, (user) => restaurants.update(user.id, path.restaurantId, payload)).pipe(
          // The slug, name, currency or tax may have changed: drop the menu under its old slug everywhere.
          Effect.tap(() => menus.invalidate(path.restaurantId)),
        ),
      )
      .handle("setModelKind", ({ path, payload }) =>
        Effect.flatMap(CurrentUser, (user) => restaurants.getOwned(user.id, path.restaurantId)).pipe(
          Effect.zipRight(modelChoices.setRestaurant(path.restaurantId, payload.modelKind)),
        ),
      )
  }),
)
