import { DayDate, type DaySummary, dateIn } from "@ardine/domain"
import { A, useSearchParams } from "@solidjs/router"
import { Schema } from "effect"
import { createResource, For, Show } from "solid-js"
import { getDay } from "../../api/day.js"
import { useTitle } from "../../browser/title.js"
import { Loaded } from "../../components/Loaded.jsx"
import { addDays, dayInWords } from "../../lib/days.js"
import { formatMoney } from "../../lib/money.js"
import { HourChart } from "./HourChart.jsx"
import { useRestaurant } from "./restaurantContext.js"
import "../../styles/day.css"

const isDayDate = Schema.is(DayDate)

const Figures = (props: { day: DaySummary }) => {
  const money = (minor: number) => formatMoney(minor, props.day.currency)
  return (
    <dl class="day-figures">
      <div class="card">
        <dt>Orders</dt>
        <dd class="tabular">{props.day.orders}</dd>
      </div>
      <div class="card">
        <dt>Revenue</dt>
        <dd class="tabular">{money(props.day.revenueMinor)}</dd>
      </div>
      <div class="card">
        <dt>Average ticket</dt>
        <dd class="tabular">{money(props.day.averageTicketMinor)}</dd>
      </div>
      <div class="card">
        <dt>Cancelled</dt>
        <dd class="tabular">{props.day.cancelledOrders}</dd>
      </div>
    </dl>
  )
}

const TopDishes = (props: { day: DaySummary }) => (
  <section class="card stack-sm" aria-labelledby="top-dishes-title">
    <h3 id="top-dishes-title">Top dishes</h3>
    <Show when={props.day.topDishes.length > 0} fallback={<p class="muted">Nothing ordered yet.</p>}>
      <table class="data-table">
        <thead>
          <tr>
            <th scope="col">Dish</th>
            <th scope="col">Ordered</th>
            <th scope="col">Revenue</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.day.topDishes}>
            {(dish) => (
              <tr>
                <th scope="row">{dish.name}</th>
                <td class="tabular">{dish.count}</td>
                <td class="tabular">{formatMoney(dish.revenueMinor, props.day.currency)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <p class="muted small">Revenue per dish is before tax; cancelled orders are left out.</p>
    </Show>
  </section>
)

/** The day at a glance: a day's figures in the restaurant's time zone, today unless ?date= names another. */
export default function Today() {
  const { restaurant } = useRestaurant()
  const [params] = useSearchParams<{ date?: string }>()
  const asked = () => (isDayDate(params.date) ? params.date : undefined)
  const today = () => dateIn(restaurant().timeZone, new Date())
  const [day, { refetch }] = createResource(
    () => ({ id: restaurant().id, date: asked(), timeZone: restaurant().timeZone }),
    ({ id, date }) => getDay(id, date),
  )
  const shown = () => asked() ?? today()
  const heading = () => (shown() === today() ? "Today" : dayInWords(shown()))
  useTitle(() => `${heading()} · ${restaurant().name}`)
  const link = (date: string) => `/owner/${restaurant().id}/today${date === today() ? "" : `?date=${date}`}`

  return (
    <section class="stack-lg" aria-labelledby="day-title">
      <div class="spread">
        <div class="stack-sm">
          <h2 id="day-title">{heading()}</h2>
          <p class="muted small">
            {shown() === today() ? `${dayInWords(shown())} · ` : ""}
            {restaurant().timeZone} time
          </p>
        </div>
        <nav class="cluster" aria-label="Other days">
          <A class="button button-small" href={link(addDays(shown(), -1))}>
            ← Previous day
          </A>
          <Show when={shown() < today()}>
            <A class="button button-small" href={link(addDays(shown(), 1))}>
              Next day →
            </A>
          </Show>
        </nav>
      </div>
      <Loaded of={day()} onRetry={() => void refetch()} loadingLabel="Counting the day…">
        {(loaded) => (
          <>
            <Figures day={loaded()} />
            <div class="day-columns">
              <section class="card stack-sm" aria-labelledby="per-hour-title">
                <h3 id="per-hour-title">Orders per hour</h3>
                <HourChart counts={loaded().ordersPerHour} caption={`Orders per hour, ${dayInWords(loaded().date)}`} />
              </section>
              <TopDishes day={loaded()} />
            </div>
          </>
        )}
      </Loaded>
    </section>
  )
}
