import { type Order, type OrderStatus, orderCode } from "@ardine/domain"
import { createEffect, createMemo, createSignal, For, onCleanup, onMount, Show, untrack } from "solid-js"
import { describeError } from "../../api/describeError.js"
import { createKitchenFeed } from "../../api/liveOrders.js"
import { changeOrderStatus, markOrderPaid } from "../../api/orders.js"
import { enableChime, playChime } from "../../browser/chime.js"
import { useTitle } from "../../browser/title.js"
import { ConfirmDialog } from "../../components/ConfirmDialog.jsx"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Loading } from "../../components/Loading.jsx"
import { groupByStatus, type KitchenAction, newArrivals } from "../../lib/kitchen.js"
import { kitchenAutoPrint } from "../../state/kitchenPreferences.js"
import { kitchenSound } from "../../state/preferences.js"
import { createTicketPrinter, KitchenTickets } from "./KitchenTickets.jsx"
import { KitchenToolbar } from "./KitchenToolbar.jsx"
import { OrderCard } from "./OrderCard.jsx"
import { useRestaurant } from "./restaurantContext.js"
import "../../styles/kitchen.css"

const columns: ReadonlyArray<{ status: OrderStatus; title: string; empty: string }> = [
  { status: "received", title: "New", empty: "No new orders." },
  { status: "preparing", title: "Preparing", empty: "Nothing on the stove." },
  { status: "ready", title: "Ready", empty: "Nothing waiting at the pass." },
]

// Done orders are kept short: the board is for what is still moving.
const DONE_SHOWN = 30

export default function Kitchen() {
  const { restaurant } = useRestaurant()
  const feed = createKitchenFeed(restaurant().id)
  const groups = createMemo(() => groupByStatus(feed.orders()))
  const [fresh, setFresh] = createSignal<ReadonlySet<string>>(new Set())
  const [announcement, setAnnouncement] = createSignal("")
  const [busy, setBusy] = createSignal<ReadonlySet<string>>(new Set())
  const [actionError, setActionError] = createSignal<{ readonly _tag: string }>()
  const [confirming, setConfirming] = createSignal<Order>()
  // Orders that arrived since someone last touched the board: counted in the tab title until then.
  const [unseen, setUnseen] = createSignal(0)
  const printer = createTicketPrinter()

  useTitle(() => `${unseen() > 0 ? `(${unseen()}) ` : ""}Kitchen — ${restaurant().name}`)

  // Browsers allow sound only after a gesture: with sound on from an earlier visit, the first tap
  // or key press on the board unlocks the chime.
  onMount(() => {
    const unlock = () => {
      if (kitchenSound()) enableChime()
    }
    document.addEventListener("pointerdown", unlock, { once: true })
    document.addEventListener("keydown", unlock, { once: true })
    // Someone at the board has seen what came in: the title stops counting.
    const seenNow = () => setUnseen(0)
    document.addEventListener("pointerdown", seenNow)
    document.addEventListener("keydown", seenNow)
    onCleanup(() => {
      document.removeEventListener("pointerdown", unlock)
      document.removeEventListener("keydown", unlock)
      document.removeEventListener("pointerdown", seenNow)
      document.removeEventListener("keydown", seenNow)
    })
  })

  // Orders seen before this screen opened are not "new"; anything received after is, once.
  let seen: Set<string> | undefined
  createEffect(() => {
    const orders = feed.orders()
    if (!feed.loaded()) return
    untrack(() => {
      if (seen === undefined) {
        seen = new Set(orders.map((order) => order.id))
        return
      }
      const arrivals = newArrivals(seen, orders)
      if (arrivals.length === 0) return
      for (const order of arrivals) seen.add(order.id)
      setFresh((current) => new Set([...current, ...arrivals.map((order) => order.id)]))
      setAnnouncement(
        arrivals.length === 1 ? `New order for table ${arrivals[0]?.table ?? ""}` : `${arrivals.length} new orders`,
      )
      setUnseen((count) => count + arrivals.length)
      if (kitchenSound()) playChime()
      if (kitchenAutoPrint()) printer.print(arrivals)
    })
  })

  const setBusyFor = (id: string, value: boolean) =>
    setBusy((current) => {
      const next = new Set(current)
      if (value) next.add(id)
      else next.delete(id)
      return next
    })

  const run = async (order: Order, action: KitchenAction) => {
    setActionError(undefined)
    setBusyFor(order.id, true)
    setFresh((current) => {
      const next = new Set(current)
      next.delete(order.id)
      return next
    })
    const outcome =
      action.kind === "paid"
        ? await markOrderPaid(order.restaurantId, order.id)
        : await changeOrderStatus(order.restaurantId, order.id, action.to)
    setBusyFor(order.id, false)
    if (outcome.ok) feed.apply(outcome.value)
    else {
      setActionError(outcome.error)
      // Someone else moved it (another screen): show what is true now.
      feed.refresh()
    }
  }

  const onAction = (order: Order, action: KitchenAction) => {
    if (action.kind === "advance" && action.to === "cancelled") setConfirming(order)
    else void run(order, action)
  }

  const done = createMemo(() =>
    // Served but unpaid first: those still need someone at the counter.
    [...groups().served, ...groups().cancelled]
      .sort(
        (a, b) =>
          Number(a.paymentStatus === "Paid" || a.status === "cancelled") -
            Number(b.paymentStatus === "Paid" || b.status === "cancelled") ||
          b.updatedAt.getTime() - a.updatedAt.getTime(),
      )
      .slice(0, DONE_SHOWN),
  )
  const unpaidServed = createMemo(() => groups().served.filter((order) => order.paymentStatus !== "Paid").length)

  return (
    <section class="kitchen stack" aria-labelledby="kitchen-title">
      <div class="spread kitchen-toolbar">
        <div class="kitchen-heading">
          <h2 id="kitchen-title">Kitchen</h2>
          <p class="muted small">
            {groups().received.length} new · {groups().preparing.length} preparing · {groups().ready.length} ready
            <Show when={unpaidServed() > 0}> · {unpaidServed()} served and unpaid</Show>
          </p>
        </div>
        <KitchenToolbar />
      </div>
      <p class="visually-hidden" aria-live="assertive">
        {announcement()}
      </p>
      <Show when={feed.error()}>
        {(error) => (
          <div class="notice notice-warning" role="status">
            <p>The board could not refresh: {describeError(error()._tag)} It keeps trying and catches up by itself.</p>
          </div>
        )}
      </Show>
      <Show when={actionError()}>{(error) => <ErrorNotice error={error()} />}</Show>
      <Show when={feed.loaded()} fallback={<Loading label="Loading orders…" />}>
        <div class="board">
          <For each={columns}>
            {(column) => (
              <section class={`board-column column-${column.status}`} aria-labelledby={`col-${column.status}`}>
                <h3 id={`col-${column.status}`} class="board-column-title">
                  {column.title} <span class="board-count tabular">{groups()[column.status].length}</span>
                </h3>
                <Show when={groups()[column.status].length > 0} fallback={<p class="board-empty">{column.empty}</p>}>
                  <div class="board-cards">
                    <For each={groups()[column.status]}>
                      {(order) => (
                        <OrderCard
                          order={order}
                          isNew={fresh().has(order.id)}
                          busy={busy().has(order.id)}
                          alerts={restaurant().kitchenAlerts}
                          onAction={onAction}
                          onPrint={(printed) => printer.print([printed])}
                        />
                      )}
                    </For>
                  </div>
                </Show>
              </section>
            )}
          </For>
          <section class="board-column column-done" aria-labelledby="col-done">
            <h3 id="col-done" class="board-column-title">
              Done <span class="board-count tabular">{groups().served.length + groups().cancelled.length}</span>
            </h3>
            <Show when={done().length > 0} fallback={<p class="board-empty">Served and cancelled orders show here.</p>}>
              <div class="board-cards">
                <For each={done()}>
                  {(order) => (
                    <OrderCard
                      order={order}
                      isNew={false}
                      busy={busy().has(order.id)}
                      alerts={restaurant().kitchenAlerts}
                      onAction={onAction}
                      onPrint={(printed) => printer.print([printed])}
                    />
                  )}
                </For>
              </div>
            </Show>
          </section>
        </div>
      </Show>
      <ConfirmDialog
        open={confirming() !== undefined}
        title="Cancel this order?"
        confirmLabel="Cancel order"
        danger
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => {
          const order = confirming()
          setConfirming(undefined)
          if (order !== undefined) void run(order, { kind: "advance", to: "cancelled", label: "", tone: "danger" })
        }}
      >
        <Show when={confirming()}>
          {(order) => (
            <p>
              Table {order().table}, order #{orderCode(order())}. The diner sees that it was cancelled. This can't be
              undone.
            </p>
          )}
        </Show>
      </ConfirmDialog>
      <KitchenTickets orders={printer.tickets()} restaurantName={restaurant().name} />
    </section>
  )
}
