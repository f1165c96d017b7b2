import { UpdateRestaurantRequest } from "@ardine/domain"
import { createSignal, Show } from "solid-js"
import { updateRestaurant } from "../../api/restaurants.js"
import { useTitle } from "../../browser/title.js"
import { KitchenAlertsForm } from "./KitchenAlertsForm.jsx"
import { RestaurantForm } from "./RestaurantForm.jsx"
import { useRestaurant } from "./restaurantContext.js"

export default function Settings() {
  const { restaurant, replace } = useRestaurant()
  useTitle(() => `Settings · ${restaurant().name}`)
  const [saved, setSaved] = createSignal(false)
  return (
    <section class="stack-lg narrow" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <section class="card">
        <RestaurantForm
          initial={restaurant()}
          submitLabel="Save changes"
          busyLabel="Saving…"
          onSubmit={async (request) => {
            setSaved(false)
            const outcome = await updateRestaurant(restaurant().id, new UpdateRestaurantRequest(request))
            if (outcome.ok) {
              replace(outcome.value)
              setSaved(true)
            }
            return outcome.ok ? { ok: true } : { ok: false, error: outcome.error }
          }}
        >
          <Show when={saved()}>
            <p class="notice notice-success" role="status">
              Saved.
            </p>
          </Show>
        </RestaurantForm>
      </section>
      <section class="card">
        <KitchenAlertsForm restaurant={restaurant()} onSaved={replace} />
      </section>
    </section>
  )
}
