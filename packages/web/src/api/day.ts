import type { RestaurantId } from "@ardine/domain"
import { call } from "./client.js"

/** A restaurant's day; without a date, today where the restaurant is. */
export const getDay = (restaurantId: RestaurantId, date: string | undefined) =>
  call((api) => api.day.get({ path: { restaurantId }, urlParams: date === undefined ? {} : { date } }))
