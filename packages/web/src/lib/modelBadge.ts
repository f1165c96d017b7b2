import type { ModelStatus, ModelWaitingFor } from "@ardine/domain"

export interface ModelBadge {
  readonly tone: "neutral" | "progress" | "success" | "danger"
  readonly label: string
}

/** What a model job waits for, as the owner reads it. */
export const waitingForLabel: Record<ModelWaitingFor, string> = {
  scanner: "the malware scanner",
  storage: "the file storage",
}

/**
 * The owner's view of a dish's 3D model: queued, building n%, waiting for a service that is down (the
 * worker carries on by itself), ready, or failed with the reason.
 */
export const modelBadge = (dish: {
  readonly modelStatus: ModelStatus
  readonly modelProgress: number
  readonly failureReason: string | null
  readonly modelWaitingFor: ModelWaitingFor | null
  readonly imageUrl: string | null
}): ModelBadge => {
  if ((dish.modelStatus === "pending" || dish.modelStatus === "generating") && dish.modelWaitingFor !== null)
    return { tone: "neutral", label: `3D model waiting for ${waitingForLabel[dish.modelWaitingFor]}` }
  switch (dish.modelStatus) {
    case "pending":
      // Dishes typed in without a photo (the demo menu) have nothing to build a model from.
      return dish.imageUrl === null
        ? { tone: "neutral", label: "No photo, no 3D model" }
        : { tone: "neutral", label: "3D model queued" }
    case "generating":
      return { tone: "progress", label: `Building 3D model · ${dish.modelProgress}%` }
    case "ready":
      return { tone: "success", label: "3D model ready" }
    case "failed":
      return {
        tone: "danger",
        label: dish.failureReason ? `3D model failed: ${dish.failureReason}` : "3D model failed",
      }
  }
}

/** Whether the menu screen should keep refreshing to show model progress. */
export const modelInProgress = (
  dishes: ReadonlyArray<{ readonly modelStatus: ModelStatus; readonly imageUrl: string | null }>,
): boolean =>
  dishes.some((dish) => dish.modelStatus === "generating" || (dish.modelStatus === "pending" && dish.imageUrl !== null))
