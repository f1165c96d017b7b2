import { KitchenAlertThresholds, type Restaurant, UpdateRestaurantRequest } from "@ardine/domain"
import { Either } from "effect"
import { createSignal, Show } from "solid-js"
import { updateRestaurant } from "../../api/restaurants.js"
import { focusFirstInvalid } from "../../browser/focusFirstInvalid.js"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Field } from "../../components/Field.jsx"
import { checkForm, fieldErrors } from "../../lib/fieldErrors.js"

const minutesOf = (text: string): number => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN)

/**
 * When an order's age on the kitchen board turns amber, then red: checked with the same schema the server
 * applies (whole minutes, red after amber) before anything is sent.
 */
export const KitchenAlertsForm = (props: { restaurant: Restaurant; onSaved: (restaurant: Restaurant) => void }) => {
  const [errors, setErrors] = createSignal<Readonly<Record<string, string>>>({})
  const [failure, setFailure] = createSignal<{ readonly _tag: string }>()
  const [saved, setSaved] = createSignal(false)
  const [busy, setBusy] = createSignal(false)

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    setSaved(false)
    setFailure(undefined)
    const decoded = checkForm(KitchenAlertThresholds, {
      amberMinutes: minutesOf(String(data.get("amberMinutes") ?? "")),
      redMinutes: minutesOf(String(data.get("redMinutes") ?? "")),
    })
    if (Either.isLeft(decoded)) {
      const found = fieldErrors(decoded.left)
      setErrors({
        ...(found.amberMinutes === undefined ? {} : { amberMinutes: "Enter whole minutes from 1 to 239" }),
        ...(found.redMinutes === undefined
          ? {}
          : {
              redMinutes: /more minutes than amber/.test(found.redMinutes)
                ? "Red must come after amber: enter more minutes than for amber"
                : "Enter whole minutes from 2 to 240",
            }),
      })
      focusFirstInvalid(form)
      return
    }
    setErrors({})
    setBusy(true)
    const outcome = await updateRestaurant(
      props.restaurant.id,
      new UpdateRestaurantRequest({ kitchenAlerts: decoded.right }),
    )
    setBusy(false)
    if (outcome.ok) {
      props.onSaved(outcome.value)
      setSaved(true)
    } else setFailure(outcome.error)
  }

  return (
    <form class="stack" aria-labelledby="kitchen-alerts-title" onSubmit={(event) => void submit(event)} novalidate>
      <h3 id="kitchen-alerts-title">Kitchen board</h3>
      <p class="muted small">An order's age on the board turns amber, then red, after these many minutes.</p>
      <div class="cluster">
        <Field label="Amber after (minutes)" error={errors().amberMinutes}>
          {(control) => (
            <input
              {...control}
              name="amberMinutes"
              inputMode="numeric"
              value={props.restaurant.kitchenAlerts.amberMinutes}
            />
          )}
        </Field>
        <Field label="Red after (minutes)" error={errors().redMinutes}>
          {(control) => (
            <input
              {...control}
              name="redMinutes"
              inputMode="numeric"
              value={props.restaurant.kitchenAlerts.redMinutes}
            />
          )}
        </Field>
      </div>
      <Show when={failure()}>{(error) => <ErrorNotice error={error()} />}</Show>
      <Show when={saved()}>
        <p class="notice notice-success" role="status">
          Saved.
        </p>
      </Show>
      <p>
        <button type="submit" class="button button-primary" disabled={busy()}>
          {busy() ? "Saving…" : "Save kitchen timings"}
        </button>
      </p>
    </form>
  )
}
