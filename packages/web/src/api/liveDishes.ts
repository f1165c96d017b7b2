import { type Dish, type DishId, RestaurantEvent, type RestaurantId } from "@ardine/domain"
import { type Accessor, batch, createSignal, onCleanup } from "solid-js"
import { applyProgress } from "../lib/dishProgress.js"
import { modelInProgress } from "../lib/modelBadge.js"
import type { ApiError } from "./client.js"
import { getDish, listDishes } from "./dishes.js"
import { eventSourceAvailable, type Follower, followEvents, restaurantEventsUrl, singleFlight } from "./eventStream.js"
import { type Poller, poll } from "./poll.js"

// The owner's dishes with their 3D models' progress, live over the restaurant's SSE stream
// (`dish.progress` events). The list is re-fetched on every `ready` (the catch-up after a
// reconnect); a model that finishes or fails is re-read for its URL or reason. Browsers without
// EventSource poll while a model is queued or being built.

type DishesError = ApiError<Extract<Awaited<ReturnType<typeof listDishes>>, { ok: false }>["error"]>

export interface DishesFeed {
  readonly dishes: Accessor<ReadonlyArray<Dish>>
  readonly error: Accessor<DishesError | undefined>
  readonly loaded: Accessor<boolean>
  readonly put: (dish: Dish) => void
  readonly remove: (dishId: DishId) => void
}

export const createDishesFeed = (restaurantId: RestaurantId): DishesFeed => {
  const [dishes, setDishes] = createSignal<ReadonlyArray<Dish>>([])
  const [error, setError] = createSignal<DishesError>()
  const [loaded, setLoaded] = createSignal(false)
  const onList = (outcome: Awaited<ReturnType<typeof listDishes>>) => {
    if (outcome.ok) {
      batch(() => {
        setDishes(outcome.value)
        setError(undefined)
        setLoaded(true)
      })
    } else {
      setError(() => outcome.error)
    }
  }
  const upsert = (dish: Dish) =>
    setDishes((list) =>
      list.some((d) => d.id === dish.id) ? list.map((d) => (d.id === dish.id ? dish : d)) : [...list, dish],
    )

  let follow: () => void = () => {}
  if (eventSourceAvailable()) {
    const fetcher = singleFlight(() => listDishes(restaurantId), onList)
    let stopped = false
    const stream: Follower = followEvents(restaurantEventsUrl(restaurantId), ["dish.progress"], RestaurantEvent, {
      onReady: fetcher.refresh,
      onEvent: (event) => {
        if (event.type !== "dish.progress") return
        setDishes((list) => applyProgress(list, event))
        // The finished model's URL, the failure's reason or since when it waits are not in the event: read the dish.
        if (event.status === "ready" || event.status === "failed" || event.waitingFor !== undefined) {
          void getDish(restaurantId, event.dishId).then((outcome) => {
            if (!stopped && outcome.ok) upsert(outcome.value)
          })
        }
      },
    })
    onCleanup(() => {
      stopped = true
      stream.close()
      fetcher.stop()
    })
  } else {
    let poller: Poller | undefined
    follow = () => {
      poller?.close()
      poller = poll(
        () => listDishes(restaurantId),
        onList,
        (list) => !modelInProgress(list),
      )
    }
    follow()
    onCleanup(() => poller?.close())
  }

  return {
    dishes,
    error,
    loaded,
    put: (dish) => {
      upsert(dish)
      // A new photo starts a model: without a stream, follow its progress again.
      if (modelInProgress([dish])) follow()
    },
    remove: (dishId) => setDishes((list) => list.filter((d) => d.id !== dishId)),
  }
}
