import type { Dish, DishId, RestaurantId } from "@ardine/domain"
import { networkError, type Outcome } from "./outcome.js"
import { readUploadResponse, type UploadError } from "./uploadResponse.js"

export interface Upload {
  readonly result: Promise<Outcome<Dish, UploadError>>
  readonly abort: () => void
}

/**
 * Sends one dish photo as multipart/form-data (`photo` part) and reports upload progress (0..1).
 *
 * The only request not made through the typed client, on purpose: fetch cannot report how much of
 * a request body has been sent, and a phone on restaurant Wi-Fi needs a progress bar for a 5 MB
 * photo. The answer is still decoded with the domain's `Dish` schema and errors keep their `_tag`s.
 */
export const uploadDishPhoto = (
  restaurantId: RestaurantId,
  photo: File,
  onProgress: (fraction: number) => void,
): Upload => sendPhoto(`/api/restaurants/${encodeURIComponent(restaurantId)}/dishes`, photo, onProgress)

/** Replaces an existing dish's photo (same checks as an upload); the server then rebuilds its model. */
export const replaceDishPhoto = (
  restaurantId: RestaurantId,
  dishId: DishId,
  photo: File,
  onProgress: (fraction: number) => void,
): Upload =>
  sendPhoto(
    `/api/restaurants/${encodeURIComponent(restaurantId)}/dishes/${encodeURIComponent(dishId)}/photo`,
    photo,
    onProgress,
  )

const sendPhoto = (url: string, photo: File, onProgress: (fraction: number) => void): Upload => {
  const xhr = new XMLHttpRequest()
  const result = new Promise<Outcome<Dish, UploadError>>((resolve) => {
    xhr.open("POST", url)
    xhr.withCredentials = true
    xhr.setRequestHeader("accept", "application/json")
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total)
    })
    xhr.addEventListener("load", () => resolve(readUploadResponse(xhr.status, xhr.responseText)))
    xhr.addEventListener("error", () => resolve({ ok: false, error: networkError("upload failed") }))
    xhr.addEventListener("timeout", () => resolve({ ok: false, error: networkError("upload timed out") }))
    xhr.addEventListener("abort", () => resolve({ ok: false, error: { _tag: "Aborted", message: "cancelled" } }))
    const form = new FormData()
    form.append("photo", photo, photo.name || "dish.jpg")
    xhr.send(form)
  })
  return { result, abort: () => xhr.abort() }
}
