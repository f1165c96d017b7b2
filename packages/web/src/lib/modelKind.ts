import type { DishModelChoice, ModelKind } from "@ardine/domain"

export const modelKindLabels: Readonly<Record<ModelKind, string>> = {
  built: "Built from the described shape (free, instant)",
  photoreal: "Photoreal, made from the photo by an image-to-3D service (paid, a few minutes)",
}

/**
 * What the owner reads under the built/photoreal switch: why the model is not photoreal although photoreal
 * was chosen (the worker's note), or that the stored model is still of the other kind; nothing otherwise.
 */
export const modelKindStatus = (choice: DishModelChoice): string | null => {
  if (choice.note !== null) return choice.note
  if (choice.source === null || choice.source === choice.effective) return null
  return choice.effective === "photoreal"
    ? "The current model is the built one until the photoreal model is ready."
    : "The current model is photoreal until the built model is ready."
}
