import {
  ArdineApi,
  CurrentUser,
  type DishGeometry,
  DishHasNoPhoto,
  type DishId,
  type RestaurantId,
} from "@ardine/domain"
import { BlobStorage, DishesRepo, dishStoragePrefix, ModelChoiceRepo, ModelQueue, RestaurantsRepo } from "@ardine/infra"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Effect, Option } from "effect"
import { enqueueModel, intakeDishPhoto, replaceDishPhoto, spendModelBudget } from "../media/dishIntake.js"
import { suggestTranslations } from "../media/dishTranslations.js"
import { MenuCache } from "../menu/MenuCache.js"

export const DishesLive = HttpApiBuilder.group(ArdineApi, "dishes", (handlers) =>
  Effect.gen(function* () {
    const restaurants = yield* RestaurantsRepo
    const dishes = yield* DishesRepo
    const storage = yield* BlobStorage
    const queue = yield* ModelQueue
    const menus = yield* MenuCache
    const modelChoices = yield* ModelChoiceRepo
    // After a write commits, diners (on every replica) see it on their next menu read. Only on success:
    // a refused write changed nothing, and must not let anyone flush another restaurant's cached menu.
    const changesMenu =
      (restaurantId: RestaurantId) =>
      <A, E, R>(write: Effect.Effect<A, E, R>) =>
        Effect.tap(write, () => menus.invalidate(restaurantId))
    // Another owner's restaurant is "not found", so its dishes are too: one check guards every dish route.
    const owned = (restaurantId: RestaurantId) =>
      Effect.flatMap(CurrentUser, (user) => restaurants.getOwned(user.id, restaurantId))

    /** Marks the dish pending (with a corrected shape, if given) and queues a new model build. */
    const rebuild = (restaurantId: RestaurantId, dishId: DishId, geometry?: DishGeometry) =>
      Effect.gen(function* () {
        const user = yield* CurrentUser
        yield* owned(restaurantId)
        const before = yield* dishes.getRecord(restaurantId, dishId)
        const noPhoto = new DishHasNoPhoto({ message: "Upload a photo of this dish first" })
        if (before.imageKey === null) return yield* Effect.fail(noPhoto)
        // Each rebuild is a worker run: it counts against the same hourly budget as photo uploads.
        yield* spendModelBudget(user.id)
        const updated = yield* dishes.requestModel(restaurantId, dishId, geometry)
        if (Option.isNone(updated) || updated.value.geometry === null || before.imageKey === null) {
          return yield* Effect.fail(noPhoto)
        }
        yield* enqueueModel(updated.value, before.imageKey, updated.value.geometry).pipe(
          Effect.onError(() => Effect.ignore(dishes.restorePhoto(restaurantId, dishId, before))),
        )
        return updated.value
      })

    return handlers
      .handle("list", ({ path }) => Effect.zipRight(owned(path.restaurantId), dishes.list(path.restaurantId)))
      .handle(
        "upload",
        ({ path, payload }) =>
          Effect.gen(function* () {
            const user = yield* CurrentUser
            const restaurant = yield* owned(path.restaurantId)
            const dish = yield* intakeDishPhoto(user.id, restaurant, {
              path: payload.photo.path,
              name: payload.name,
              category: payload.category,
            })
            return yield* suggestTranslations(restaurant, dish, dish)
          }).pipe(changesMenu(path.restaurantId)),
        // Interruptible on purpose (the steps' timeouts must work): a client hanging up interrupts the
        // pipeline, and each step's undo runs as a finalizer all the same.
      )
      .handle("updateGeometry", ({ path, payload }) =>
        rebuild(path.restaurantId, path.dishId, payload).pipe(changesMenu(path.restaurantId)),
      )
      .handle("regenerate", ({ path }) => rebuild(path.restaurantId, path.dishId).pipe(changesMenu(path.restaurantId)))
      .handle("modelKind", ({ path }) =>
        Effect.zipRight(owned(path.restaurantId), modelChoices.get(path.restaurantId, path.dishId)),
      )
      .handle("setModelKind", ({ path, payload }) =>
        Effect.zipRight(owned(path.restaurantId), modelChoices.set(path.restaurantId, path.dishId, payload.modelKind)),
      )
      .handle("replacePhoto", ({ path, payload }) =>
        Effect.gen(function* () {
          const user = yield* CurrentUser
          const restaurant = yield* owned(path.restaurantId)
          return yield* replaceDishPhoto(user.id, restaurant, path.dishId, { path: payload.photo.path })
        }).pipe(changesMenu(path.restaurantId)),
      )
      .handle("get", ({ path }) =>
        Effect.zipRight(owned(path.restaurantId), dishes.get(path.restaurantId, path.dishId)),
      )
      .handle("update", ({ path, payload }) =>
        Effect.gen(function* () {
          const restaurant = yield* owned(path.restaurantId)
          const updated = yield* dishes.update(path.restaurantId, path.dishId, payload)
          return yield* suggestTranslations(restaurant, updated, payload)
        }).pipe(changesMenu(path.restaurantId)),
      )
      .handle("publish", ({ path }) =>
        Effect.zipRight(owned(path.restaurantId), dishes.publish(path.restaurantId, path.dishId)).pipe(
          changesMenu(path.restaurantId),
        ),
      )
      .handle("unpublish", ({ path }) =>
        Effect.zipRight(owned(path.restaurantId), dishes.unpublish(path.restaurantId, path.dishId)).pipe(
          changesMenu(path.restaurantId),
        ),
      )
      .handle("delete", ({ path }) =>
        Effect.gen(function* () {
          const removed = yield* Effect.zipRight(
            owned(path.restaurantId),
            dishes.delete(path.restaurantId, path.dishId),
          ).pipe(changesMenu(path.restaurantId))
          // The row is gone first (diners stop seeing it); then its job and everything stored under the dish's
          // prefix (every photo, model version and poster, not only the current ones). A blob that cannot be
          // deleted now is logged, not resurrected into the menu.
          const prefix = dishStoragePrefix(path.restaurantId, removed.id)
          yield* Effect.all(
            [
              queue.remove(removed.id),
              storage.deleteByPrefix("images", prefix),
              storage.deleteByPrefix("models", prefix),
            ],
            { concurrency: "unbounded", mode: "either" },
          ).pipe(
            Effect.tap((results) =>
              results.some((r) => r._tag === "Left")
                ? Effect.logWarning("dish deleted but some of its blobs or its job remain").pipe(
                    Effect.annotateLogs({ dishId: removed.id }),
                  )
                : Effect.void,
            ),
          )
        }),
      )
  }),
)
