import { expect } from "vitest"
import type { Client, Json } from "./httpClient.js"

export const groupsPath = (restaurantId: string, dishId: string) =>
  `/api/restaurants/${restaurantId}/dishes/${dishId}/option-groups`

/** Creates a group through the owner's endpoint and returns it (201 asserted). */
export const createGroup = async (owner: Client, restaurantId: string, dishId: string, body: Json): Promise<Json> => {
  const reply = await owner.post(groupsPath(restaurantId, dishId), body)
  expect(reply.status, reply.text).toBe(201)
  return reply.body
}

/** A steak's "Cooking" (required, one of three) and "Extras" (optional, up to two; one sold out, one negative). */
export const steakGroups = async (owner: Client, restaurantId: string, dishId: string) => {
  const cooking = await createGroup(owner, restaurantId, dishId, {
    name: "Cooking",
    selection: "single",
    required: true,
    options: [{ name: "Rare" }, { name: "Medium" }, { name: "Well done" }],
  })
  const extras = await createGroup(owner, restaurantId, dishId, {
    name: "Extras",
    selection: "multiple",
    maxSelections: 2,
    options: [
      { name: "Pepper sauce", priceDeltaMinor: 250 },
      { name: "No butter", priceDeltaMinor: -50 },
      { name: "Truffle", priceDeltaMinor: 900, available: false },
    ],
  })
  const id = (group: Json, name: string): string => group.options.find((o: Json) => o.name === name).id
  return {
    cooking,
    extras,
    rare: id(cooking, "Rare"),
    medium: id(cooking, "Medium"),
    wellDone: id(cooking, "Well done"),
    pepper: id(extras, "Pepper sauce"),
    noButter: id(extras, "No butter"),
    truffle: id(extras, "Truffle"),
  }
}
