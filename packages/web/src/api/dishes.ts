import type { DishGeometry, DishId, ModelKind, RestaurantId, UpdateDishRequest } from "@ardine/domain"
import { call } from "./client.js"

export const listDishes = (restaurantId: RestaurantId) => call((api) => api.dishes.list({ path: { restaurantId } }))
export const getDish = (restaurantId: RestaurantId, dishId: DishId) =>
  call((api) => api.dishes.get({ path: { restaurantId, dishId } }))
export const updateDish = (restaurantId: RestaurantId, dishId: DishId, payload: UpdateDishRequest) =>
  call((api) => api.dishes.update({ path: { restaurantId, dishId }, payload }))
export const deleteDish = (restaurantId: RestaurantId, dishId: DishId) =>
  call((api) => api.dishes.delete({ path: { restaurantId, dishId } }))
/** Saves the owner's corrected shape; the server rebuilds the 3D model from it. */
export const updateGeometry = (restaurantId: RestaurantId, dishId: DishId, payload: DishGeometry) =>
  call((api) => api.dishes.updateGeometry({ path: { restaurantId, dishId }, payload }))
/** Builds the 3D model again from the current photo and shape (also the retry after a failure). */
export const regenerateModel = (restaurantId: RestaurantId, dishId: DishId) =>
  call((api) => api.dishes.regenerate({ path: { restaurantId, dishId } }))
/** Puts a draft on the public menu (refused with DishNotPublishable naming what it still needs). */
export const publishDish = (restaurantId: RestaurantId, dishId: DishId) =>
  call((api) => api.dishes.publish({ path: { restaurantId, dishId } }))
/** Takes a dish off the public menu; it stays as a draft. */
export const unpublishDish = (restaurantId: RestaurantId, dishId: DishId) =>
  call((api) => api.dishes.unpublish({ path: { restaurantId, dishId } }))
/** The dish's built/photoreal choice, what its stored model is, and why it fell back if it did. */
export const getModelKind = (restaurantId: RestaurantId, dishId: DishId) =>
  call((api) => api.dishes.modelKind({ path: { restaurantId, dishId } }))
/** Sets the dish's own choice (null: follow the restaurant's); a regenerate applies it now. */
export const setModelKind = (restaurantId: RestaurantId, dishId: DishId, modelKind: ModelKind | null) =>
  call((api) => api.dishes.setModelKind({ path: { restaurantId, dishId }, payload: { modelKind } }))
