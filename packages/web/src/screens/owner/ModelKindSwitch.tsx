import type { Dish, DishId, DishModelChoice, ModelKind, RestaurantId } from "@ardine/domain"
import { createEffect, createSignal, For, on, Show } from "solid-js"
import { getModelKind, regenerateModel, setModelKind } from "../../api/dishes.js"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { modelKindLabels, modelKindStatus } from "../../lib/modelKind.js"

/**
 * The owner's built | photoreal switch for a dish. Always shown: whether the server has an image-to-3D
 * service is the worker's business, and without one (or when it fails) the dish keeps the built model and
 * the note says why. Switching saves the dish's choice and regenerates its model at once.
 */
export const ModelKindSwitch = (props: { dish: Dish; onChanged: (dish: Dish) => void }) => {
  const [failure, setFailure] = createSignal<{ readonly _tag: string }>()
  const [busy, setBusy] = createSignal(false)
  const [choice, setChoice] = createSignal<DishModelChoice | null>(null)
  // A signal, not a resource: reading a resource would suspend the whole owner screen while it loads.
  const load = async (restaurantId: RestaurantId, dishId: DishId) => {
    const outcome = await getModelKind(restaurantId, dishId)
    if (outcome.ok && outcome.value.dishId === props.dish.id) setChoice(outcome.value)
  }
  // Read again when the model's status moves, so a fallback note shows once the model is ready.
  createEffect(
    on(
      () => [props.dish.restaurantId, props.dish.id, props.dish.modelStatus] as const,
      ([restaurantId, dishId]) => void load(restaurantId, dishId),
    ),
  )

  // Another dish's answer (the editor moved on) is not this dish's.
  const current = () => {
    const loaded = choice()
    return loaded?.dishId === props.dish.id ? loaded : null
  }
  const status = () => {
    const loaded = current()
    return loaded ? modelKindStatus(loaded) : null
  }

  const choose = async (kind: ModelKind) => {
    setBusy(true)
    setFailure(undefined)
    const { restaurantId, id } = props.dish
    const saved = await setModelKind(restaurantId, id, kind)
    const rebuilt = saved.ok ? await regenerateModel(restaurantId, id) : saved
    setBusy(false)
    if (rebuilt.ok) props.onChanged(rebuilt.value)
    else setFailure(rebuilt.error)
    await load(restaurantId, id)
  }

  return (
    <fieldset class="stack-sm model-kind" disabled={busy()}>
      <legend>
        3D model{" "}
        <span class="field-hint">
          · photoreal needs an image-to-3D service set up on the server; without one the built model is used.
        </span>
      </legend>
      <For each={["built", "photoreal"] as const}>
        {(kind) => (
          <label class="radio">
            <input
              type="radio"
              name="modelKind"
              value={kind}
              checked={current()?.effective === kind}
              onChange={() => void choose(kind)}
            />
            <span>{modelKindLabels[kind]}</span>
          </label>
        )}
      </For>
      <Show when={status()}>{(text) => <p class="notice notice-info">{text()}</p>}</Show>
      <Show when={failure()}>{(error) => <ErrorNotice error={error()} />}</Show>
    </fieldset>
  )
}
