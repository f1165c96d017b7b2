import type { Dish, ModelKind } from "@ardine/domain"
import { createResource, createSignal, For, Show } from "solid-js"
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
  // Read again when the model's status moves, so a fallback note shows once the model is ready.
  const [choice, { refetch }] = createResource(
    () => ({ restaurantId: props.dish.restaurantId, dishId: props.dish.id, status: props.dish.modelStatus }),
    async ({ restaurantId, dishId }) => {
      const outcome = await getModelKind(restaurantId, dishId)
      return outcome.ok ? outcome.value : null
    },
  )

  const status = () => {
    const current = choice()
    return current ? modelKindStatus(current) : null
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
    await refetch()
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
              checked={choice()?.effective === kind}
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
