import { A, useNavigate } from "@solidjs/router"
import { createRestaurant } from "../../api/restaurants.js"
import { useTitle } from "../../browser/title.js"
import { RestaurantForm } from "./RestaurantForm.jsx"

export default function NewRestaurant() {
  useTitle(() => "New restaurant")
  const navigate = useNavigate()
  return (
    <main id="main" class="container page stack-lg narrow">
      <div class="stack-sm">
        <p>
          <A href="/owner">← Your restaurants</A>
        </p>
        <h1>Set up a restaurant</h1>
        <p class="muted">You can change all of this later in Settings.</p>
      </div>
      <section class="card">
        <RestaurantForm
          submitLabel="Create restaurant"
          busyLabel="Creating…"
          onSubmit={async (request) => {
            const outcome = await createRestaurant(request)
            if (outcome.ok) navigate(`/owner/${outcome.value.id}/menu`, { replace: true })
            return outcome.ok ? { ok: true } : { ok: false, error: outcome.error }
          }}
        />
      </section>
    </main>
  )
}
