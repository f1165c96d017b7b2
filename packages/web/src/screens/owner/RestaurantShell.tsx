import { type Restaurant, RestaurantId } from "@ardine/domain"
import { A, type RouteSectionProps, useParams } from "@solidjs/router"
import { Schema } from "effect"
import { createResource, createSignal, Show } from "solid-js"
import { getRestaurant } from "../../api/restaurants.js"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Loaded } from "../../components/Loaded.jsx"
import { RestaurantContext } from "./restaurantContext.js"

const isRestaurantId = Schema.is(RestaurantId)

/** One restaurant's tabs (kitchen, menu, tables, the day, settings) with the restaurant loaded once for all. */
export default function RestaurantShell(props: RouteSectionProps) {
  const params = useParams<{ restaurantId: string }>()
  const id = () => (isRestaurantId(params.restaurantId) ? params.restaurantId : undefined)
  const [loaded, { refetch }] = createResource(id, getRestaurant)
  const [override, setOverride] = createSignal<Restaurant>()

  return (
    <Show
      when={id() !== undefined}
      fallback={
        <main id="main" class="container page">
          <ErrorNotice error={{ _tag: "NotFound" }} />
        </main>
      }
    >
      <Loaded of={loaded()} onRetry={() => void refetch()}>
        {(fetched) => {
          const restaurant = () => {
            const saved = override()
            return saved !== undefined && saved.id === fetched().id ? saved : fetched()
          }
          const tab = (path: string, label: string) => (
            <A href={`/owner/${restaurant().id}/${path}`} class="tab" activeClass="is-active" end>
              {label}
            </A>
          )
          return (
            <RestaurantContext.Provider value={{ restaurant, replace: setOverride }}>
              <main id="main">
                <div class="restaurant-bar">
                  <div class="container restaurant-bar-inner">
                    <div class="restaurant-title">
                      <A href="/owner" class="small">
                        Your restaurants
                      </A>
                      <h1>{restaurant().name}</h1>
                    </div>
                    <a class="button button-small" href={`/r/${restaurant().slug}`} target="_blank" rel="noopener">
                      Open diner menu<span class="visually-hidden"> (opens in a new tab)</span>
                    </a>
                  </div>
                  <nav class="container tabs" aria-label="Restaurant">
                    {tab("kitchen", "Kitchen")}
                    {tab("menu", "Menu")}
                    {tab("tables", "Tables & QR")}
                    {tab("today", "Today")}
                    {tab("settings", "Settings")}
                  </nav>
                </div>
                <div class="container page">{props.children}</div>
              </main>
            </RestaurantContext.Provider>
          )
        }}
      </Loaded>
    </Show>
  )
}
