import { OrderToken, orderCode, type PublicOrder, type OrderStatus as Status } from "@ardine/domain"
import { A, useParams } from "@solidjs/router"
import { Schema } from "effect"
import { For, Match, Show, Switch } from "solid-js"
import { createOrderFeed } from "../../api/orderFeed.js"
import { useTitle } from "../../browser/title.js"
import { BrandMark } from "../../components/Brand.jsx"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { LineOptions } from "../../components/LineOptions.jsx"
import { Loading } from "../../components/Loading.jsx"
import { TotalsList } from "../../components/TotalsList.jsx"
import { speakAppLanguage, t, wordsReady } from "../../i18n/index.js"
import { formatMoney } from "../../lib/money.js"
import { clockTime } from "../../lib/time.js"
import { BillRequest, CopyOrderLink } from "./OrderExtras.jsx"
import "../../styles/diner.css"

const steps: ReadonlyArray<Status> = ["received", "preparing", "ready", "served"]

const isToken = Schema.is(OrderToken)

/** The diner's order link: follows the order through the kitchen, and works again after a reload. */
export default function OrderStatus() {
  const params = useParams<{ token: string }>()
  speakAppLanguage()
  return (
    <Show
      when={wordsReady() && isToken(params.token) ? params.token : undefined}
      keyed
      fallback={
        <Show when={wordsReady()}>
          <main id="main" class="container page">
            <ErrorNotice error={{ _tag: "NotFound" }} />
          </main>
        </Show>
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
    return order === undefined ? t("order.title") : `${t(`status.${order.status}`)} · ${t("order.title")}`
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
          <Show when={feed.order()}>
            {(order) => <span class="table-pill">{t("shell.table", order().table)}</span>}
          </Show>
        </div>
      </header>
      <main id="main" class="container order-page stack-lg">
        <Switch>
          <Match when={feed.order()}>{(order) => <OrderView order={order()} token={props.token} />}</Match>
          <Match when={feed.error()}>{(error) => <ErrorNotice error={error()} />}</Match>
          <Match when={true}>
            <Loading label={t("order.loading")} />
          </Match>
        </Switch>
        <Show when={feed.order() !== undefined && feed.error() !== undefined}>
          <p class="notice notice-warning" role="status">
            {t("order.offline")}
          </p>
        </Show>
      </main>
    </>
  )
}

const OrderView = (props: { order: PublicOrder; token: OrderToken }) => {
  const money = (minor: number) => formatMoney(minor, props.order.currency)
  const stepIndex = () => steps.indexOf(props.order.status)
  return (
    <>
      <section class="status-card card" classList={{ "is-cancelled": props.order.status === "cancelled" }}>
        <p class="order-code-large">
          <span class="status-label">{t("order.code")}</span> <strong class="tabular">#{orderCode(props.order)}</strong>
        </p>
        <p class="status-label">{t("order.statusHeading")}</p>
        <h1 class="status-title" aria-live="polite">
          {t(`status.${props.order.status}`)}
        </h1>
        <p class="status-sentence">{t(`statusSentence.${props.order.status}`)}</p>
        <Show when={props.order.status !== "cancelled"}>
          <ol class="status-steps">
            <For each={steps}>
              {(step, index) => (
                <li
                  classList={{ "is-done": index() < stepIndex(), "is-current": index() === stepIndex() }}
                  aria-current={index() === stepIndex() ? "step" : undefined}
                >
                  <span class="status-dot" aria-hidden="true" />
                  <span>{t(`status.${step}`)}</span>
                </li>
              )}
            </For>
          </ol>
        </Show>
        <p class="small muted">
          {t("order.placedAt", clockTime(props.order.createdAt), props.order.customerName, props.order.table)}
        </p>
      </section>

      <section class="card stack" aria-labelledby="receipt-title">
        <h2 id="receipt-title">{t("order.title")}</h2>
        <ul class="receipt-lines">
          <For each={props.order.items}>
            {(item) => (
              <li>
                <span>
                  <span class="tabular">{item.quantity}×</span> {item.name}
                  <LineOptions options={item.options} money={money} />
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
                <span class="badge badge-warning">{t("order.toPay")}</span>{" "}
                {t("order.atCounter", t(`payment.${props.order.paymentMethod}`))}
              </>
            }
          >
            <span class="badge badge-success">{t("order.paid")}</span>{" "}
            {t("order.paidBy", t(`payment.${props.order.paymentMethod}`))}
          </Show>
        </p>
      </section>
      <BillRequest order={props.order} token={props.token} />
      <p class="cluster">
        <A href={`/r/${props.order.restaurantSlug}?table=${props.order.table}`} class="button">
          {t("order.orderMore")}
        </A>
      </p>
      <p class="small muted">{t("order.keepPage")}</p>
      <CopyOrderLink />
    </>
  )
}
