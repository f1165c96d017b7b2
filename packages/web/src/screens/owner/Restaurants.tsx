import { A } from "@solidjs/router"
import { createResource, For, Show } from "solid-js"
import { listRestaurants } from "../../api/restaurants.js"
import { useTitle } from "../../browser/title.js"
import { Loaded } from "../../components/Loaded.jsx"
import { currencySymbol } from "../../lib/money.js"

export default function Restaurants() {
  useTitle(() => "Your restaurants")
  const [restaurants, { refetch }] = createResource(listRestaurants)
  return (
    <main id="main" class="container page stack-lg">
      <div class="spread">
        <h1>Your restaurants</h1>
        <A href="/owner/new" class="button button-primary">
          New restaurant
        </A>
      </div>
      <Loaded of={restaurants()} onRetry={() => void refetch()}>
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={
              <section class="card empty-state stack">
                <h2>Set up your first restaurant</h2>
                <p class="muted">
                  Give it a name and a web address, choose your currency and tax rate, and say how many tables you have.
                </p>
                <p>
                  <A href="/owner/new" class="button button-primary">
                    Set up a restaurant
                  </A>
                </p>
              </section>
            }
          >
            <ul class="restaurant-list">
              <For each={list()}>
                {(restaurant) => (
                  <li class="card stack-sm">
                    <h2>{restaurant.name}</h2>
                    <p class="muted small">
                      /r/{restaurant.slug} · {restaurant.tableCount} tables · {restaurant.currency} (
                      {currencySymbol(restaurant.currency)})
                    </p>
                    <nav class="cluster" aria-label={restaurant.name}>
                      <A href={`/owner/${restaurant.id}/kitchen`} class="button button-primary button-small">
                        Kitchen
                      </A>
                      <A href={`/owner/${restaurant.id}/menu`} class="button button-small">
                        Menu
                      </A>
                      <A href={`/owner/${restaurant.id}/tables`} class="button button-small">
                        Tables & QR
                      </A>
                      <A href={`/owner/${restaurant.id}/settings`} class="button button-small">
                        Settings
                      </A>
                    </nav>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Loaded>
    </main>
  )
}
