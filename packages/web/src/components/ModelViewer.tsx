import { createEffect, createSignal, onCleanup, onMount, Show } from "solid-js"
import { DishPicture } from "./DishPicture.jsx"
import { loadModelViewerLibrary } from "./modelViewerLibrary.js"
import "./modelViewer.css"

// Attributes that never change for a dish viewer: AR everywhere it exists (Android WebXR/Scene
// Viewer, iOS Quick Look), placed at real size, page scroll kept on vertical swipes, and an iOS
// USDZ texture cap so phones convert the model quickly.
const fixedAttributes: ReadonlyArray<readonly [string, string]> = [
  ["ar", ""],
  ["ar-modes", "webxr scene-viewer quick-look"],
  ["ar-scale", "fixed"],
  ["ar-usdz-max-texture-size", "1024"],
  ["camera-controls", ""],
  ["touch-action", "pan-y"],
  ["shadow-intensity", "1"],
  ["interaction-prompt", "auto"],
  ["loading", "eager"],
]

/** Quick Look's own switch for "no pinch to resize" (model-viewer adds it too for ar-scale="fixed"). */
export const QUICK_LOOK_FIXED_SCALE = "#allowsContentScaling=0"

/** model-viewer's `progress` event: how much of the model has arrived, 0 to 1. */
const progressOf = (event: Event) => {
  const detail: unknown = (event as CustomEvent<unknown>).detail
  const total =
    typeof detail === "object" && detail !== null ? (detail as { totalProgress?: unknown }).totalProgress : 0
  return typeof total === "number" ? Math.min(1, Math.max(0, total)) : 0
}

/**
 * A dish in 3D with a "View on your table" AR button. Until the model is on screen the dish's photo fills
 * the frame (the sized copy that fits it), with the loading progress over it: never an empty box, however
 * slow the connection. The <model-viewer> library (and three.js) is fetched only for a dish with a model
 * (or earlier, when a diner touches its card); the element is built by hand because it is a custom element
 * with dashed attributes. If the library or the model fails to load, the photo stays.
 */
export const ModelViewer = (props: {
  src: string
  poster: string | null
  name: string
  iosSrc?: string | null
  posterVariants?: ReadonlyArray<{ readonly width: number; readonly type: string; readonly url: string }>
  /** How wide the frame is laid out (the `sizes` of the photo's copies). */
  posterSizes?: string
}) => {
  let host: HTMLDivElement | undefined
  const [state, setState] = createSignal<"loading" | "ready" | "failed">("loading")
  // Unknown (undefined) while the library downloads: a dynamic import reports no progress.
  const [progress, setProgress] = createSignal<number>()
  const [viewer, setViewer] = createSignal<HTMLElement>()

  onMount(() => {
    loadModelViewerLibrary().then(
      ({ ModelViewerElement }) => {
        if (host === undefined) return
        const element = new ModelViewerElement()
        for (const [name, value] of fixedAttributes) element.setAttribute(name, value)
        const button = document.createElement("button")
        button.type = "button"
        button.slot = "ar-button"
        button.className = "button button-primary ar-button"
        button.textContent = "View on your table"
        // Shown only where AR really works; model-viewer hides it too, but through shadow styles a
        // strict CSP may refuse.
        button.hidden = true
        element.append(button)
        element.addEventListener("progress", (event) => setProgress(progressOf(event)))
        element.addEventListener("load", () => {
          button.hidden = !element.canActivateAR
          setState("ready")
        })
        element.addEventListener("error", () => setState("failed"))
        setProgress(0)
        host.append(element)
        setViewer(element)
      },
      () => setState("failed"),
    )
  })

  // Moving from one dish to the next keeps this component; the element follows the new dish, and the new
  // dish's photo covers the frame until its model is on screen.
  let shownSrc: string | undefined
  createEffect(() => {
    const element = viewer()
    const { src, name, iosSrc } = props
    if (element === undefined) return
    element.setAttribute("alt", `3D model of ${name}. Drag to turn it.`)
    if (src !== shownSrc && shownSrc !== undefined) {
      setState("loading")
      setProgress(0)
    }
    shownSrc = src
    element.setAttribute("src", src)
    // The server-built USDZ: without it iOS converts the GLB on the phone (white textures, no fixed
    // scale). The fragment asks Quick Look to keep the dish at its real size.
    if (iosSrc) element.setAttribute("ios-src", `${iosSrc}${QUICK_LOOK_FIXED_SCALE}`)
    else element.removeAttribute("ios-src")
  })

  onCleanup(() => viewer()?.remove())

  return (
    <div class="model-frame" data-state={state()}>
      <div ref={host} class="model-host" hidden={state() === "failed"} />
      {/* Over the viewer (which paints nothing until the model is ready), faded out on its `load`. */}
      <div class="model-poster">
        <DishPicture
          imageUrl={props.poster}
          variants={props.posterVariants ?? []}
          sizes={props.posterSizes ?? "100vw"}
          name={props.name}
          eager
        />
      </div>
      <Show when={state() === "loading"}>
        <div class="model-status" role="status">
          <span>Loading 3D view…</span>
          <div
            class="model-progress"
            role="progressbar"
            aria-label="3D view loaded"
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow={progress() === undefined ? undefined : Math.round((progress() ?? 0) * 100)}
            data-indeterminate={progress() === undefined ? "" : undefined}
          >
            <span class="model-progress-bar" style={{ transform: `scaleX(${progress() ?? 0.3})` }} />
          </div>
        </div>
      </Show>
      <Show when={state() === "failed"}>
        <p class="model-fallback-note">The 3D view could not load here; the photo is shown instead.</p>
      </Show>
    </div>
  )
}
