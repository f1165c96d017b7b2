import type { CreateRestaurantRequest, RestaurantId, UpdateRestaurantRequest } from "@ardine/domain"
import { call } from "./client.js"

export const listRestaurants = () => call((api) => api.restaurants.list())
export const getRestaurant = (restaurantId: RestaurantId) =>
  call((api) => api.restaurants.get({ path: { restaurantId } }))
export const createRestaurant = (payload: CreateRestaurantRequest) => call((api) => api.restaurants.create({ payload }))
export const updateRestaurant = (restaurantId: RestaurantId, payload: UpdateRestaurantRequest) =>
  call((api) => api.restaurants.update({ path: { restaurantId }, payload }))
