import type { DishId, RestaurantId, UpdateDishRequest } from "@ardine/domain"
import { call } from "./client.js"

export const listDishes = (restaurantId: RestaurantId) => call((api) => api.dishes.list({ path: { restaurantId } }))
export const updateDish = (restaurantId: RestaurantId, dishId: DishId, payload: UpdateDishRequest) =>
  call((api) => api.dishes.update({ path: { restaurantId, dishId }, payload }))
export const deleteDish = (restaurantId: RestaurantId, dishId: DishId) =>
  call((api) => api.dishes.delete({ path: { restaurantId, dishId } }))
