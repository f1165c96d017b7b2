import type { Dish, DishGeometry, VesselKind } from "@ardine/domain"
import { Either } from "effect"
import { createEffect, createSignal, For, on, Show } from "solid-js"
import { regenerateModel, updateGeometry } from "../../api/dishes.js"
import { replaceDishPhoto } from "../../api/uploadDishPhoto.js"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Field } from "../../components/Field.jsx"
import { ImageIcon } from "../../components/Icons.jsx"
import { ModelBadge } from "../../components/ModelBadge.jsx"
import { ModelViewer } from "../../components/ModelViewer.jsx"
import { ProgressBar } from "../../components/ProgressBar.jsx"
import {
  bounds,
  changeVesselKind,
  checkGeometry,
  componentLabel,
  vesselKindLabels,
  vesselKinds,
  withComponent,
  withVessel,
} from "../../lib/geometryDraft.js"
import { waitingForLabel } from "../../lib/modelBadge.js"
import { checkPhoto } from "../../lib/photoCheck.js"
import { clockTime } from "../../lib/time.js"
import { CmField } from "./CmField.jsx"
import { ColorField } from "./ColorField.jsx"

/**
 * The dish's 3D model for its owner: the current model (rebuilt ones appear when ready), its
 * progress or failure reason with a retry, the shape it is built from (vessel kind, size and
 * colour; each food component's colour and size) saved with PUT …/geometry, a plain
 * "Regenerate", and "Replace photo".
 */
export const ModelEditor = (props: { dish: Dish; onChanged: (dish: Dish) => void }) => {
  const [draft, setDraft] = createSignal<DishGeometry | null>(props.dish.geometry)
  const [errors, setErrors] = createSignal<Readonly<Record<string, string>>>({})
  const [failure, setFailure] = createSignal<{ readonly _tag: string }>()
  const [busy, setBusy] = createSignal<"save" | "regenerate" | "photo">()
  const [photoProgress, setPhotoProgress] = createSignal(0)
  const [saved, setSaved] = createSignal(false)

  // Another dish: start from its shape.
  createEffect(
    on(
      () => props.dish.id,
      () => {
        setDraft(props.dish.geometry)
        setErrors({})
        setFailure(undefined)
        setSaved(false)
      },
    ),
  )

  const edit = (change: (geometry: DishGeometry) => DishGeometry) => {
    const current = draft()
    if (current === null) return
    const next = change(current)
    setDraft(next)
    setSaved(false)
    // Re-check as the owner edits, once they have tried to save (not before: no premature red).
    if (Object.keys(errors()).length > 0) setErrors(Either.isLeft(checkGeometry(next)) ? errorsOf(next) : {})
  }
  const errorsOf = (geometry: DishGeometry) =>
    Either.match(checkGeometry(geometry), { onLeft: (found) => found, onRight: () => ({}) })

  const done = (outcome: Awaited<ReturnType<typeof regenerateModel>>) => {
    setBusy(undefined)
    if (outcome.ok) {
      props.onChanged(outcome.value)
      setDraft(outcome.value.geometry)
      return true
    }
    setFailure(outcome.error)
    return false
  }

  const save = async (event: SubmitEvent) => {
    event.preventDefault()
    const current = draft()
    if (current === null) return
    const checked = checkGeometry(current)
    setFailure(undefined)
    if (Either.isLeft(checked)) {
      setErrors(checked.left)
      return
    }
    setErrors({})
    setBusy("save")
    setSaved(done(await updateGeometry(props.dish.restaurantId, props.dish.id, checked.right)))
  }

  const regenerate = async () => {
    setFailure(undefined)
    setBusy("regenerate")
    done(await regenerateModel(props.dish.restaurantId, props.dish.id))
  }

  const replacePhoto = (event: Event & { currentTarget: HTMLInputElement }) => {
    const file = event.currentTarget.files?.[0]
    event.currentTarget.value = ""
    if (file === undefined) return
    setFailure(undefined)
    const problem = checkPhoto(file)
    if (problem !== undefined) {
      setFailure({ _tag: problem })
      return
    }
    setBusy("photo")
    setPhotoProgress(0)
    const upload = replaceDishPhoto(props.dish.restaurantId, props.dish.id, file, setPhotoProgress)
    void upload.result.then((outcome) => {
      setBusy(undefined)
      if (outcome.ok) {
        props.onChanged(outcome.value)
        setDraft(outcome.value.geometry)
      } else if (outcome.error._tag !== "Aborted") {
        setFailure(outcome.error)
      }
    })
  }

  const solidVessel = () => {
    const v = draft()?.vessel
    return v === undefined || v.kind === "none" ? undefined : v
  }
  const roundVessel = () => {
    const v = solidVessel()
    return v !== undefined && "diameterCm" in v ? v : undefined
  }
  const rectVessel = () => {
    const v = solidVessel()
    return v !== undefined && "widthCm" in v ? v : undefined
  }

  return (
    <section class="model-editor stack" aria-labelledby="model-editor-title">
      <div class="spread">
        <h3 id="model-editor-title">3D model</h3>
        <ModelBadge dish={props.dish} withoutReason role="status" />
      </div>
      <Show when={props.dish.modelStatus === "generating"}>
        <ProgressBar label={`3D model of ${props.dish.name}`} percent={props.dish.modelProgress} />
      </Show>
      <Show
        when={props.dish.modelStatus !== "failed" && props.dish.modelStatus !== "ready" && props.dish.modelWaitingFor}
      >
        {(service) => (
          <div class="notice notice-warning" role="status">
            <p>
              The 3D model is waiting for {waitingForLabel[service()]}, which is not answering
              {props.dish.modelWaitingSince ? ` (since ${clockTime(props.dish.modelWaitingSince)})` : ""}. It will be
              finished by itself when it is back: nothing to do.
            </p>
          </div>
        )}
      </Show>
      <Show when={props.dish.modelStatus === "failed"}>
        <div class="notice notice-error" role="alert">
          <p>
            The 3D model could not be built
            {props.dish.failureReason ? `: ${props.dish.failureReason}` : "."}
          </p>
          <button type="button" class="button button-small" disabled={busy() !== undefined} onClick={regenerate}>
            {busy() === "regenerate" ? "Retrying…" : "Retry"}
          </button>
        </div>
      </Show>
      <Show when={props.dish.modelUrl}>
        {(src) => (
          <div class="model-preview">
            <ModelViewer src={src()} poster={props.dish.imageUrl} name={props.dish.name} />
          </div>
        )}
      </Show>
      <Show when={failure()}>{(error) => <ErrorNotice error={error()} />}</Show>
      <Show when={draft()} fallback={<p class="muted">This dish has no photo yet. Add one to build its 3D model.</p>}>
        {(geometry) => (
          <details class="shape-details">
            <summary>Adjust the shape</summary>
            <form class="stack" onSubmit={save} novalidate aria-label="Shape of the 3D model">
              <p class="muted small">
                The model is built from this shape, in real size. Correct what the photo got wrong, then save to rebuild
                it.
              </p>
              <Show when={errors().form}>
                <p class="field-error">{errors().form}</p>
              </Show>
              <fieldset class="stack-sm">
                <legend>Vessel</legend>
                <div class="form-grid form-grid-2">
                  <Field label="Kind">
                    {(control) => (
                      <select
                        {...control}
                        class="select"
                        value={geometry().vessel.kind}
                        onChange={(event) =>
                          edit((g) =>
                            withVessel(g, changeVesselKind(g.vessel, event.currentTarget.value as VesselKind)),
                          )
                        }
                      >
                        {/* Marked on the option itself: the select's value is set before its options exist. */}
                        <For each={vesselKinds}>
                          {(kind) => (
                            <option value={kind} selected={kind === geometry().vessel.kind}>
                              {vesselKindLabels[kind]}
                            </option>
                          )}
                        </For>
                      </select>
                    )}
                  </Field>
                  <Show when={solidVessel()}>
                    {(v) => (
                      <ColorField
                        label="Vessel colour"
                        value={v().color}
                        onInput={(color) =>
                          edit((g) => (g.vessel.kind === "none" ? g : withVessel(g, { ...g.vessel, color })))
                        }
                      />
                    )}
                  </Show>
                </div>
                <Show when={roundVessel()}>
                  {(v) => (
                    <div class="form-grid form-grid-2">
                      <CmField
                        label="Diameter"
                        value={v().diameterCm}
                        range={bounds.roundDiameterCm}
                        error={errors()["vessel.diameterCm"]}
                        onCommit={(diameterCm) =>
                          edit((g) => ("diameterCm" in g.vessel ? withVessel(g, { ...g.vessel, diameterCm }) : g))
                        }
                      />
                      <CmField
                        label="Height"
                        value={v().heightCm}
                        range={bounds.roundHeightCm}
                        error={errors()["vessel.heightCm"]}
                        onCommit={(heightCm) =>
                          edit((g) => (g.vessel.kind === "none" ? g : withVessel(g, { ...g.vessel, heightCm })))
                        }
                      />
                    </div>
                  )}
                </Show>
                <Show when={rectVessel()}>
                  {(v) => (
                    <div class="form-grid form-grid-3">
                      <CmField
                        label="Width"
                        value={v().widthCm}
                        range={bounds.rectSideCm}
                        error={errors()["vessel.widthCm"]}
                        onCommit={(widthCm) =>
                          edit((g) => ("widthCm" in g.vessel ? withVessel(g, { ...g.vessel, widthCm }) : g))
                        }
                      />
                      <CmField
                        label="Depth"
                        value={v().depthCm}
                        range={bounds.rectSideCm}
                        error={errors()["vessel.depthCm"]}
                        onCommit={(depthCm) =>
                          edit((g) => ("depthCm" in g.vessel ? withVessel(g, { ...g.vessel, depthCm }) : g))
                        }
                      />
                      <CmField
                        label="Height"
                        value={v().heightCm}
                        range={bounds.rectHeightCm}
                        error={errors()["vessel.heightCm"]}
                        onCommit={(heightCm) =>
                          edit((g) => (g.vessel.kind === "none" ? g : withVessel(g, { ...g.vessel, heightCm })))
                        }
                      />
                    </div>
                  )}
                </Show>
              </fieldset>
              <Show when={geometry().components.length > 0}>
                <fieldset class="stack-sm">
                  <legend>Food</legend>
                  <ul class="component-list">
                    <For each={geometry().components}>
                      {(component, index) => (
                        <li class="component-row">
                          <p class="component-name">{componentLabel(component, index())}</p>
                          <div class="form-grid form-grid-3">
                            <ColorField
                              label={`Colour of ${index() + 1}`}
                              value={component.color}
                              onInput={(color) => edit((g) => withComponent(g, index(), { color }))}
                            />
                            <CmField
                              label={`Width of ${index() + 1}`}
                              value={component.widthCm}
                              range={bounds.componentWidthCm}
                              error={errors()[`components.${index()}.widthCm`]}
                              onCommit={(widthCm) => edit((g) => withComponent(g, index(), { widthCm }))}
                            />
                            <CmField
                              label={`Height of ${index() + 1}`}
                              value={component.heightCm}
                              range={bounds.componentHeightCm}
                              error={errors()[`components.${index()}.heightCm`]}
                              onCommit={(heightCm) => edit((g) => withComponent(g, index(), { heightCm }))}
                            />
                          </div>
                        </li>
                      )}
                    </For>
                  </ul>
                </fieldset>
              </Show>
              <div class="cluster model-editor-actions">
                <button type="submit" class="button button-primary" disabled={busy() !== undefined}>
                  {busy() === "save" ? "Saving…" : "Save shape and rebuild"}
                </button>
              </div>
            </form>
          </details>
        )}
      </Show>
      <Show when={saved()}>
        <p class="small muted" role="status">
          Saved. The 3D model is being rebuilt.
        </p>
      </Show>
      <Show when={busy() === "photo"}>
        <ProgressBar label="Upload of the new photo" percent={Math.round(photoProgress() * 100)} />
      </Show>
      <div class="cluster">
        <label class="button file-button">
          <input
            type="file"
            accept="image/*"
            class="visually-hidden"
            disabled={busy() !== undefined}
            onChange={replacePhoto}
          />
          <ImageIcon />{" "}
          {busy() === "photo" ? "Uploading…" : props.dish.imageUrl === null ? "Add a photo" : "Replace photo"}
        </label>
        <Show when={props.dish.geometry !== null}>
          <button type="button" class="button" disabled={busy() !== undefined} onClick={regenerate}>
            {busy() === "regenerate" ? "Regenerating…" : "Regenerate"}
          </button>
        </Show>
      </div>
    </section>
  )
}
