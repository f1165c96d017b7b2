import { Dish, type DishProgressEvent } from "@ardine/domain"

/** A progress event applied to the dish it is about (status, percentage, and whether it waits). */
export const applyProgress = (list: ReadonlyArray<Dish>, event: DishProgressEvent): ReadonlyArray<Dish> =>
  list.map((dish) => {
    if (dish.id !== event.dishId) return dish
    // A wait lasts until the model is ready or failed; progress events in between do not end it.
    const waits = event.waitingFor !== undefined || (event.status !== "ready" && event.status !== "failed")
    return new Dish({
      ...dish,
      modelStatus: event.status,
      modelProgress: event.progress,
      failureReason: event.status === "failed" ? dish.failureReason : null,
      modelWaitingFor: waits ? (event.waitingFor ?? dish.modelWaitingFor) : null,
      modelWaitingSince: waits ? dish.modelWaitingSince : null,
    })
  })
