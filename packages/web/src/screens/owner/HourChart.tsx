import { createUniqueId, For } from "solid-js"
import { busiestHour, hourRange } from "../../lib/days.js"

const WIDTH = 480
const HEIGHT = 180
const TOP = 16
const BOTTOM = 24
const LEFT = 8
const SLOT = (WIDTH - LEFT * 2) / 24

/**
 * Orders per hour as 24 bars in plain SVG (no chart library to download). Screen readers get the
 * chart's title and a one-line summary, and anyone can open the same numbers as a table.
 */
export const HourChart = (props: { counts: ReadonlyArray<number>; caption: string }) => {
  const id = createUniqueId()
  // For over {hour, count}, not <Index>: Index would join the framework chunk every diner downloads.
  const hours = () => props.counts.map((count, hour) => ({ hour, count }))
  const most = () => Math.max(1, ...props.counts)
  const barHeight = (count: number) => (count / most()) * (HEIGHT - TOP - BOTTOM)
  const summary = () => {
    const hour = busiestHour(props.counts)
    return hour === undefined
      ? "No orders in any hour."
      : `Busiest hour ${hourRange(hour)} with ${props.counts[hour]} ${props.counts[hour] === 1 ? "order" : "orders"}.`
  }
  return (
    <figure class="hour-chart stack-sm">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
      >
        <title id={`${id}-title`}>{props.caption}</title>
        <desc id={`${id}-desc`}>{summary()}</desc>
        <line class="hour-chart-axis" x1={LEFT} x2={WIDTH - LEFT} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} />
        <For each={hours()}>
          {({ hour, count }) => (
            <>
              <rect
                class="hour-chart-bar"
                x={LEFT + hour * SLOT + 2}
                y={HEIGHT - BOTTOM - barHeight(count)}
                width={SLOT - 4}
                height={barHeight(count)}
                rx="2"
              />
              {count > 0 && (
                <text
                  class="hour-chart-count"
                  x={LEFT + hour * SLOT + SLOT / 2}
                  y={HEIGHT - BOTTOM - barHeight(count) - 4}
                >
                  {count}
                </text>
              )}
            </>
          )}
        </For>
        <For each={[0, 3, 6, 9, 12, 15, 18, 21]}>
          {(hour) => (
            <text class="hour-chart-label" x={LEFT + hour * SLOT + SLOT / 2} y={HEIGHT - 6}>
              {String(hour).padStart(2, "0")}
            </text>
          )}
        </For>
      </svg>
      <figcaption class="muted small">{summary()}</figcaption>
      <details>
        <summary>Orders per hour as a table</summary>
        <table class="data-table">
          <caption class="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">Hour</th>
              <th scope="col">Orders</th>
            </tr>
          </thead>
          <tbody>
            <For each={hours()}>
              {({ hour, count }) => (
                <tr>
                  <th scope="row">{hourRange(hour)}</th>
                  <td class="tabular">{count}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </details>
    </figure>
  )
}
