import { ArdineApi, CurrentUser, type RestaurantId } from "@ardine/domain"
import { DishesRepo, RestaurantsRepo } from "@ardine/infra"
import { HttpApiBuilder } from "@effect/platform"
import { Effect } from "effect"
import { dbErrors } from "./dbErrors.js"

export const DishesLive = HttpApiBuilder.group(ArdineApi, "dishes", (handlers) =>
  Effect.gen(function* () {
    const restaurants = yield* RestaurantsRepo
    const dishes = yield* DishesRepo
    // Another owner's restaurant is "not found", so its dishes are too: one check guards every dish route.
    const owned = (restaurantId: RestaurantId) =>
      Effect.flatMap(CurrentUser, (user) => restaurants.getOwned(user.id, restaurantId))

    return handlers
      .handle("list", ({ path }) => dbErrors(Effect.zipRight(owned(path.restaurantId), dishes.list(path.restaurantId))))
      .handle("get", ({ path }) =>
        dbErrors(Effect.zipRight(owned(path.restaurantId), dishes.get(path.restaurantId, path.dishId))),
      )
      .handle("update", ({ path, payload }) =>
        dbErrors(Effect.zipRight(owned(path.restaurantId), dishes.update(path.restaurantId, path.dishId, payload))),
      )
      .handle("delete", ({ path }) =>
        dbErrors(Effect.zipRight(owned(path.restaurantId), dishes.delete(path.restaurantId, path.dishId))).pipe(
          Effect.asVoid,
        ),
      )
  }),
)
