import type { Dish, RestaurantId } from "@ardine/domain"
import { createSignal, For, Show } from "solid-js"
import { describeError } from "../../api/describeError.js"
import { uploadDishPhoto } from "../../api/uploadDishPhoto.js"
import { CameraIcon, ImageIcon } from "../../components/Icons.jsx"
import { ProgressBar } from "../../components/ProgressBar.jsx"
import { checkPhoto } from "../../lib/photoCheck.js"

interface UploadItem {
  readonly id: number
  readonly fileName: string
  readonly progress: number
  readonly state: "waiting" | "uploading" | "processing" | "done" | "failed"
  readonly error?: string
  readonly abort?: () => void
}

let nextId = 1

/**
 * "Add dish": a photo from the camera, the file picker or dropped on the panel. Photos go up one
 * after another (the server describes each with AI and has a rate limit), each with its progress.
 */
export const AddDishPanel = (props: { restaurantId: RestaurantId; onAdded: (dish: Dish) => void }) => {
  const [items, setItems] = createSignal<ReadonlyArray<UploadItem>>([])
  const [dragging, setDragging] = createSignal(false)
  let queue: Promise<void> = Promise.resolve()

  const patch = (id: number, change: Partial<UploadItem>) =>
    setItems((list) => list.map((item) => (item.id === id ? { ...item, ...change } : item)))

  const send = (id: number, file: File) =>
    new Promise<void>((resolve) => {
      // Cancelled while it waited its turn.
      if (!items().some((item) => item.id === id)) return resolve()
      const upload = uploadDishPhoto(props.restaurantId, file, (fraction) =>
        patch(id, { progress: fraction, state: fraction >= 1 ? "processing" : "uploading" }),
      )
      patch(id, { state: "uploading", abort: upload.abort })
      void upload.result.then((outcome) => {
        if (outcome.ok) {
          patch(id, { state: "done", progress: 1 })
          props.onAdded(outcome.value)
          // A finished row stays a moment so the owner sees it worked, then makes room.
          setTimeout(() => setItems((list) => list.filter((item) => item.id !== id)), 4000)
        } else if (outcome.error._tag === "Aborted") {
          setItems((list) => list.filter((item) => item.id !== id))
        } else {
          patch(id, { state: "failed", error: describeError(outcome.error._tag) })
        }
        resolve()
      })
    })

  const add = (files: ReadonlyArray<File>) => {
    for (const file of files) {
      const id = nextId++
      const problem = checkPhoto(file)
      if (problem !== undefined) {
        setItems((list) => [
          ...list,
          { id, fileName: file.name, progress: 0, state: "failed", error: describeError(problem) },
        ])
        continue
      }
      setItems((list) => [...list, { id, fileName: file.name, progress: 0, state: "waiting" }])
      queue = queue.then(() => send(id, file))
    }
  }

  const onPick = (event: Event & { currentTarget: HTMLInputElement }) => {
    add([...(event.currentTarget.files ?? [])])
    event.currentTarget.value = ""
  }

  const stateLabel = (item: UploadItem) => {
    switch (item.state) {
      case "waiting":
        return "Waiting…"
      case "uploading":
        return `Uploading… ${Math.round(item.progress * 100)}%`
      case "processing":
        return "Checking the photo and describing the dish…"
      case "done":
        return "Added. Check the details below."
      case "failed":
        return item.error ?? "Failed."
    }
  }

  return (
    <section
      class="add-dish card"
      classList={{ "is-dragging": dragging() }}
      aria-labelledby="add-dish-title"
      onDragEnter={(event) => {
        event.preventDefault()
        setDragging(true)
      }}
      onDragOver={(event) => {
        event.preventDefault()
        if (event.dataTransfer) event.dataTransfer.dropEffect = "copy"
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false)
      }}
      onDrop={(event) => {
        event.preventDefault()
        setDragging(false)
        add([...(event.dataTransfer?.files ?? [])])
      }}
    >
      <div class="add-dish-intro">
        <h2 id="add-dish-title">Add a dish</h2>
        <p class="muted">
          Take or choose a photo of the dish. Ardine checks it, fills in the details and builds its 3D model. You can
          also drop photos here.
        </p>
      </div>
      <div class="cluster add-dish-buttons">
        <label class="button button-primary file-button">
          <input type="file" accept="image/*" capture="environment" class="visually-hidden" onChange={onPick} />
          <CameraIcon /> Take a photo
        </label>
        <label class="button file-button">
          <input type="file" accept="image/*" multiple class="visually-hidden" onChange={onPick} />
          <ImageIcon /> Choose photos
        </label>
      </div>
      <Show when={items().length > 0}>
        <ul class="upload-list" aria-label="Uploads">
          <For each={items()}>
            {(item) => (
              <li class="upload-item" classList={{ "is-failed": item.state === "failed" }}>
                <div class="spread">
                  <span class="upload-name">{item.fileName || "Photo"}</span>
                  <Show when={item.state === "uploading" || item.state === "waiting"}>
                    <button
                      type="button"
                      class="button button-quiet button-small"
                      onClick={() =>
                        item.abort === undefined
                          ? setItems((list) => list.filter((other) => other.id !== item.id))
                          : item.abort()
                      }
                    >
                      Cancel
                    </button>
                  </Show>
                  <Show when={item.state === "failed"}>
                    <button
                      type="button"
                      class="button button-quiet button-small"
                      onClick={() => setItems((list) => list.filter((other) => other.id !== item.id))}
                    >
                      Dismiss
                    </button>
                  </Show>
                </div>
                <Show when={item.state !== "failed"}>
                  <ProgressBar
                    label={`Upload of ${item.fileName || "photo"}`}
                    percent={Math.round(item.progress * 100)}
                  />
                </Show>
                <p class="small" classList={{ "field-error": item.state === "failed", muted: item.state !== "failed" }}>
                  <span role={item.state === "failed" ? "alert" : "status"}>{stateLabel(item)}</span>
                </p>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  )
}
