import {
  CopyOptionGroupRequest,
  type CreateDishOptionRequest,
  type CreateOptionGroupRequest,
  type DishId,
  type DishOptionId,
  type OptionGroupId,
  ReorderDishOptionsRequest,
  ReorderOptionGroupsRequest,
  type RestaurantId,
  type UpdateDishOptionRequest,
  type UpdateOptionGroupRequest,
} from "@ardine/domain"
import { call } from "./client.js"

// A dish's option groups and their options, for its owner. Every write answers with the state after it.

/** Which dish's groups: the restaurant and the dish. */
export interface DishRef {
  readonly restaurantId: RestaurantId
  readonly dishId: DishId
}

export const listOptionGroups = (path: DishRef) => call((api) => api.options.listGroups({ path }))

export const createOptionGroup = (path: DishRef, payload: CreateOptionGroupRequest) =>
  call((api) => api.options.createGroup({ path, payload }))

export const updateOptionGroup = (path: DishRef, groupId: OptionGroupId, payload: UpdateOptionGroupRequest) =>
  call((api) => api.options.updateGroup({ path: { ...path, groupId }, payload }))

export const deleteOptionGroup = (path: DishRef, groupId: OptionGroupId) =>
  call((api) => api.options.deleteGroup({ path: { ...path, groupId } }))

export const reorderOptionGroups = (path: DishRef, groupIds: ReadonlyArray<OptionGroupId>) =>
  call((api) => api.options.reorderGroups({ path, payload: ReorderOptionGroupsRequest.make({ groupIds }) }))

/** Copies the group (with its options) to other dishes of the same restaurant. */
export const copyOptionGroup = (path: DishRef, groupId: OptionGroupId, dishIds: ReadonlyArray<DishId>) =>
  call((api) =>
    api.options.copyGroup({ path: { ...path, groupId }, payload: CopyOptionGroupRequest.make({ dishIds }) }),
  )

export const createDishOption = (path: DishRef, groupId: OptionGroupId, payload: CreateDishOptionRequest) =>
  call((api) => api.options.createOption({ path: { ...path, groupId }, payload }))

export const updateDishOption = (
  path: DishRef,
  groupId: OptionGroupId,
  optionId: DishOptionId,
  payload: UpdateDishOptionRequest,
) => call((api) => api.options.updateOption({ path: { ...path, groupId, optionId }, payload }))

export const deleteDishOption = (path: DishRef, groupId: OptionGroupId, optionId: DishOptionId) =>
  call((api) => api.options.deleteOption({ path: { ...path, groupId, optionId } }))

export const reorderDishOptions = (path: DishRef, groupId: OptionGroupId, optionIds: ReadonlyArray<DishOptionId>) =>
  call((api) =>
    api.options.reorderOptions({
      path: { ...path, groupId },
      payload: ReorderDishOptionsRequest.make({ optionIds }),
    }),
  )

/** Adds the analyzer's suggested group at `index` of the dish's suggestions as the dish's last group. */
export const acceptOptionSuggestion = (path: DishRef, index: number) =>
  call((api) => api.options.acceptSuggestion({ path: { ...path, index } }))

/** Drops the analyzer's suggested group at `index`. */
export const dismissOptionSuggestion = (path: DishRef, index: number) =>
  call((api) => api.options.dismissSuggestion({ path: { ...path, index } }))
