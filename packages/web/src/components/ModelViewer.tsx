import { createEffect, createSignal, onCleanup, onMount, Show } from "solid-js"
import { DishPicture } from "./DishPicture.jsx"

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

/**
 * A dish in 3D with a "View on your table" AR button. The <model-viewer> library (and three.js)
 * is fetched only when this component mounts, so menus without a 3D view never download it; the
 * element is built by hand because it is a custom element with dashed attributes. If the library
 * or the model fails to load, the photo stays.
 */
export const ModelViewer = (props: { src: string; poster: string | null; name: string; iosSrc?: string | null }) => {
  let host: HTMLDivElement | undefined
  const [state, setState] = createSignal<"loading" | "ready" | "failed">("loading")
  const [viewer, setViewer] = createSignal<HTMLElement>()

  onMount(() => {
    import("@google/model-viewer").then(
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
        element.addEventListener("load", () => {
          button.hidden = !element.canActivateAR
          setState("ready")
        })
        element.addEventListener("error", () => setState("failed"))
        host.append(element)
        setViewer(element)
      },
      () => setState("failed"),
    )
  })

  // Moving from one dish to the next keeps this component; the element follows the new dish.
  createEffect(() => {
    const element = viewer()
    const { src, poster, name, iosSrc } = props
    if (element === undefined) return
    element.setAttribute("alt", `3D model of ${name}. Drag to turn it.`)
    if (poster) element.setAttribute("poster", poster)
    else element.removeAttribute("poster")
    element.setAttribute("src", src)
    // The server-built USDZ: without it iOS converts the GLB on the phone (white textures, no fixed
    // scale). The fragment asks Quick Look to keep the dish at its real size.
    if (iosSrc) element.setAttribute("ios-src", `${iosSrc}${QUICK_LOOK_FIXED_SCALE}`)
    else element.removeAttribute("ios-src")
  })

  onCleanup(() => viewer()?.remove())

  return (
    <div class="model-frame" data-state={state()}>
      <Show when={state() === "failed"}>
        <div class="model-fallback">
          <DishPicture imageUrl={props.poster} name={props.name} eager />
          <p class="model-fallback-note">The 3D view could not load here; the photo is shown instead.</p>
        </div>
      </Show>
      <div ref={host} class="model-host" hidden={state() === "failed"} />
      <Show when={state() === "loading"}>
        <p class="model-status" role="status">
          Loading 3D view…
        </p>
      </Show>
    </div>
  )
}
