import type { Dish, DishId, RestaurantId } from "@ardine/domain"
import { type Accessor, batch, createSignal, onCleanup } from "solid-js"
import { modelInProgress } from "../lib/modelBadge.js"
import type { ApiError } from "./client.js"
import { listDishes } from "./dishes.js"
import { type Poller, poll } from "./poll.js"

// The owner's dishes, refreshed while a 3D model is queued or being built so its progress shows.
// Like liveOrders, this becomes an EventSource subscription when the server streams progress.

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
  let poller: Poller | undefined

  const follow = () => {
    poller?.close()
    poller = poll(
      () => listDishes(restaurantId),
      (outcome) => {
        if (outcome.ok) {
          batch(() => {
            setDishes(outcome.value)
            setError(undefined)
            setLoaded(true)
          })
        } else {
          setError(() => outcome.error)
        }
      },
      (list) => !modelInProgress(list),
    )
  }
  follow()
  onCleanup(() => poller?.close())

  return {
    dishes,
    error,
    loaded,
    put: (dish) => {
      setDishes((list) =>
        list.some((d) => d.id === dish.id) ? list.map((d) => (d.id === dish.id ? dish : d)) : [...list, dish],
      )
      // A new photo starts a model: follow its progress again.
      if (modelInProgress([dish])) follow()
    },
    remove: (dishId) => setDishes((list) => list.filter((d) => d.id !== dishId)),
  }
}
