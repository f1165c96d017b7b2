import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import { Schema } from "effect"
import { Authentication } from "./auth.js"
import { NotFound } from "./errors.js"
import { DishId, RestaurantId } from "./ids.js"
import { OptionGroupRulesInvalid, OptionLimitReached, ReorderMismatch } from "./optionErrors.js"
import {
  CopiedOptionGroups,
  CopyOptionGroupRequest,
  CreateDishOptionRequest,
  CreateOptionGroupRequest,
  DishOptionId,
  MAX_SUGGESTED_OPTION_GROUPS,
  OptionGroup,
  OptionGroupId,
  OptionGroupList,
  ReorderDishOptionsRequest,
  ReorderOptionGroupsRequest,
  UpdateDishOptionRequest,
  UpdateOptionGroupRequest,
} from "./options.js"

const restaurantId = HttpApiSchema.param("restaurantId", RestaurantId)
const dishId = HttpApiSchema.param("dishId", DishId)
const groupId = HttpApiSchema.param("groupId", OptionGroupId)
const optionId = HttpApiSchema.param("optionId", DishOptionId)
const suggestionIndex = HttpApiSchema.param(
  "index",
  Schema.NumberFromString.pipe(Schema.compose(Schema.Int.pipe(Schema.between(0, MAX_SUGGESTED_OPTION_GROUPS - 1)))),
)

/**
 * An owner's option groups of a dish and their options. Every write answers with the state after it (the
 * dish's groups, or the group changed) and drops the restaurant's cached public menu.
 */
export class OptionsApi extends HttpApiGroup.make("options")
  .add(
    HttpApiEndpoint.get("listGroups")`/restaurants/${restaurantId}/dishes/${dishId}/option-groups`
      .addSuccess(OptionGroupList)
      .addError(NotFound),
  )
  .add(
    HttpApiEndpoint.post("createGroup")`/restaurants/${restaurantId}/dishes/${dishId}/option-groups`
      .setPayload(CreateOptionGroupRequest)
      .addSuccess(OptionGroup, { status: 201 })
      .addError(NotFound)
      .addError(OptionGroupRulesInvalid)
      .addError(OptionLimitReached),
  )
  .add(
    HttpApiEndpoint.put("reorderGroups")`/restaurants/${restaurantId}/dishes/${dishId}/option-groups/order`
      .setPayload(ReorderOptionGroupsRequest)
      .addSuccess(OptionGroupList)
      .addError(NotFound)
      .addError(ReorderMismatch),
  )
  .add(
    HttpApiEndpoint.patch("updateGroup")`/restaurants/${restaurantId}/dishes/${dishId}/option-groups/${groupId}`
      .setPayload(UpdateOptionGroupRequest)
      .addSuccess(OptionGroup)
      .addError(NotFound)
      .addError(OptionGroupRulesInvalid),
  )
  .add(
    HttpApiEndpoint.del("deleteGroup")`/restaurants/${restaurantId}/dishes/${dishId}/option-groups/${groupId}`.addError(
      NotFound,
    ),
  )
  .add(
    HttpApiEndpoint.post("copyGroup")`/restaurants/${restaurantId}/dishes/${dishId}/option-groups/${groupId}/copy`
      .setPayload(CopyOptionGroupRequest)
      .addSuccess(CopiedOptionGroups, { status: 201 })
      .addError(NotFound)
      .addError(OptionLimitReached)
      .annotate(OpenApi.Description, "Copies the group with its options to other dishes of the same restaurant"),
  )
  .add(
    HttpApiEndpoint.post("createOption")`/restaurants/${restaurantId}/dishes/${dishId}/option-groups/${groupId}/options`
      .setPayload(CreateDishOptionRequest)
      .addSuccess(OptionGroup, { status: 201 })
      .addError(NotFound)
      .addError(OptionLimitReached),
  )
  .add(
    HttpApiEndpoint.put(
      "reorderOptions",
    )`/restaurants/${restaurantId}/dishes/${dishId}/option-groups/${groupId}/options/order`
      .setPayload(ReorderDishOptionsRequest)
      .addSuccess(OptionGroup)
      .addError(NotFound)
      .addError(ReorderMismatch),
  )
  .add(
    HttpApiEndpoint.patch(
      "updateOption",
    )`/restaurants/${restaurantId}/dishes/${dishId}/option-groups/${groupId}/options/${optionId}`
      .setPayload(UpdateDishOptionRequest)
      .addSuccess(OptionGroup)
      .addError(NotFound),
  )
  .add(
    HttpApiEndpoint.del(
      "deleteOption",
    )`/restaurants/${restaurantId}/dishes/${dishId}/option-groups/${groupId}/options/${optionId}`
      .addSuccess(OptionGroup)
      .addError(NotFound),
  )
  .add(
    HttpApiEndpoint.post(
      "acceptSuggestion",
    )`/restaurants/${restaurantId}/dishes/${dishId}/option-suggestions/${suggestionIndex}/accept`
      .addSuccess(OptionGroup, { status: 201 })
      .addError(NotFound)
      .addError(OptionGroupRulesInvalid)
      .addError(OptionLimitReached)
      .annotate(
        OpenApi.Description,
        "Adds the analyzer's suggested group (dish.suggestedOptionGroups[index]) as the dish's last group",
      ),
  )
  .add(
    HttpApiEndpoint.del(
      "dismissSuggestion",
    )`/restaurants/${restaurantId}/dishes/${dishId}/option-suggestions/${suggestionIndex}`
      .addError(NotFound)
      .annotate(OpenApi.Description, "Drops the analyzer's suggested group at that index"),
  )
  .middleware(Authentication)
  .annotate(OpenApi.Description, 'A dish\'s option groups ("Cooking", "Milk") and their options, for owners') {}
