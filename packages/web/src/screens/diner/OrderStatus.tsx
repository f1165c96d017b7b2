import { OrderToken, type PublicOrder, type OrderStatus as Status } from "@ardine/domain"
import { A, useParams } from "@solidjs/router"
import { Schema } from "effect"
import { For, Match, Show, Switch } from "solid-js"
import { createOrderFeed } from "../../api/orderFeed.js"
import { useTitle } from "../../browser/title.js"
import { BrandMark } from "../../components/Brand.jsx"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Loading } from "../../components/Loading.jsx"
import { TotalsList } from "../../components/TotalsList.jsx"
import { statusLabels } from "../../lib/labels.js"
import { formatMoney } from "../../lib/money.js"
import { clockTime } from "../../lib/time.js"
import "../../styles/diner.css"

const steps: ReadonlyArray<Status> = ["received", "preparing", "ready", "served"]

const sentences: { readonly [S in Status]: string } = {
  received: "The kitchen has your order.",
  preparing: "Your food is being prepared.",
  ready: "Your order is ready and on its way to your table.",
  served: "Served. Enjoy your meal!",
  cancelled: "This order was cancelled. Please ask the staff if you have questions.",
}

const isToken = Schema.is(OrderToken)

/** The diner's order link: follows the order through the kitchen, and works again after a reload. */
export default function OrderStatus() {
  const params = useParams<{ token: string }>()
  return (
    <Show
      when={isToken(params.token) ? params.token : undefined}
      keyed
      fallback={
        <main id="main" class="container page">
          <ErrorNotice error={{ _tag: "NotFound" }} />
        </main>
      }
    >
      {(token) => <FollowOrder token={token} />}
    </Show>
  )
}

const FollowOrder = (props: { token: OrderToken }) => {
  const feed = createOrderFeed(props.token)
  useTitle(() => {
    const order = feed.order()
    return order === undefined ? "Your order" : `${statusLabels[order.status]} · Your order`
  })
  return (
    <>
      <header class="diner-header">
        <div class="container diner-header-inner">
          <Show when={feed.order()} fallback={<BrandMark />}>
            {(order) => (
              <A href={`/r/${order().restaurantSlug}?table=${order().table}`} class="diner-restaurant">
                {order().restaurantName}
              </A>
            )}
          </Show>
          <Show when={feed.order()}>{(order) => <span class="table-pill">Table {order().table}</span>}</Show>
        </div>
      </header>
      <main id="main" class="container order-page stack-lg">
        <Switch>
          <Match when={feed.order()}>{(order) => <OrderView order={order()} />}</Match>
          <Match when={feed.error()}>{(error) => <ErrorNotice error={error()} />}</Match>
          <Match when={true}>
            <Loading label="Loading your order…" />
          </Match>
        </Switch>
        <Show when={feed.order() !== undefined && feed.error() !== undefined}>
          <p class="notice notice-warning" role="status">
            We can't reach the restaurant right now. This page updates again as soon as the connection is back.
          </p>
        </Show>
      </main>
    </>
  )
}

const OrderView = (props: { order: PublicOrder }) => {
  const money = (minor: number) => formatMoney(minor, props.order.currency)
  const stepIndex = () => steps.indexOf(props.order.status)
  return (
    <>
      <section class="status-card card" classList={{ "is-cancelled": props.order.status === "cancelled" }}>
        <p class="status-label">Order status</p>
        <h1 class="status-title" aria-live="polite">
          {statusLabels[props.order.status]}
        </h1>
        <p class="status-sentence">{sentences[props.order.status]}</p>
        <Show when={props.order.status !== "cancelled"}>
          <ol class="status-steps">
            <For each={steps}>
              {(step, index) => (
                <li
                  classList={{ "is-done": index() < stepIndex(), "is-current": index() === stepIndex() }}
                  aria-current={index() === stepIndex() ? "step" : undefined}
                >
                  <span class="status-dot" aria-hidden="true" />
                  <span>{statusLabels[step]}</span>
                </li>
              )}
            </For>
          </ol>
        </Show>
        <p class="small muted">
          Placed at {clockTime(props.order.createdAt)} by {props.order.customerName} · Table {props.order.table}
        </p>
      </section>

      <section class="card stack" aria-labelledby="receipt-title">
        <h2 id="receipt-title">Your order</h2>
        <ul class="receipt-lines">
          <For each={props.order.items}>
            {(item) => (
              <li>
                <span>
                  <span class="tabular">{item.quantity}×</span> {item.name}
                </span>
                <span class="tabular">{money(item.lineTotalMinor)}</span>
              </li>
            )}
          </For>
        </ul>
        <TotalsList totals={props.order} money={money} />
        <p class="payment-line">
          <Show
            when={props.order.paymentStatus === "Paid"}
            fallback={
              <>
                <span class="badge badge-warning">To pay</span> {props.order.paymentMethod} at the counter
              </>
            }
          >
            <span class="badge badge-success">Paid</span> by {props.order.paymentMethod}. Thank you!
          </Show>
        </p>
      </section>
      <p class="cluster">
        <A href={`/r/${props.order.restaurantSlug}?table=${props.order.table}`} class="button">
          Order something else
        </A>
      </p>
      <p class="small muted">Keep this page: its address is your order’s private link.</p>
    </>
  )
}
