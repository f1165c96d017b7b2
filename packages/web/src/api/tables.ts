import type { RestaurantId } from "@ardine/domain"
import { call } from "./client.js"

export const listTables = (restaurantId: RestaurantId) => call((api) => api.tables.list({ path: { restaurantId } }))
export const rotateTable = (restaurantId: RestaurantId, table: number) =>
  call((api) => api.tables.rotate({ path: { restaurantId, table } }))
export const rotateAllTables = (restaurantId: RestaurantId) =>
  call((api) => api.tables.rotateAll({ path: { restaurantId } }))
