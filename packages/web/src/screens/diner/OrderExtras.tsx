import type { OrderToken, PublicOrder } from "@ardine/domain"
import { createSignal, Show } from "solid-js"
import { requestBill } from "../../api/diner.js"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { t } from "../../i18n/index.js"
import { clockTime } from "../../lib/time.js"

/**
 * "Ask for the bill": one tap tells the kitchen board. Asking twice is harmless (the server keeps the first
 * time), and once asked the page says when instead of offering the button again.
 */
export const BillRequest = (props: { order: PublicOrder; token: OrderToken }) => {
  const [requestedAt, setRequestedAt] = createSignal<Date>()
  const [busy, setBusy] = createSignal(false)
  const [failure, setFailure] = createSignal<{ readonly _tag: string }>()
  const askedAt = () => props.order.billRequestedAt ?? requestedAt()
  const ask = async () => {
    setBusy(true)
    setFailure(undefined)
    const outcome = await requestBill(props.token)
    setBusy(false)
    if (outcome.ok) setRequestedAt(outcome.value.billRequestedAt ?? new Date())
    else setFailure(outcome.error)
  }
  return (
    <Show when={props.order.status !== "cancelled" && props.order.paymentStatus !== "Paid"}>
      <div class="stack-sm bill-request">
        <Show
          when={askedAt()}
          fallback={
            <p>
              <button type="button" class="button button-primary" disabled={busy()} onClick={() => void ask()}>
                {busy() ? t("order.asking") : t("order.askBill")}
              </button>
            </p>
          }
        >
          {(at) => (
            <p class="notice notice-info" role="status">
              {t("order.billAsked", clockTime(at()))}
            </p>
          )}
        </Show>
        <Show when={failure()}>{(error) => <ErrorNotice error={error()} />}</Show>
      </div>
    </Show>
  )
}

/**
 * Copies the order's private link. Where the Clipboard API is missing or refused (an insecure origin, an
 * old browser), the link is shown selected in a field instead, to copy by hand.
 */
export const CopyOrderLink = () => {
  const link = () => new URL(window.location.pathname, window.location.origin).href
  const [state, setState] = createSignal<"idle" | "copied" | "manual">("idle")
  let field: HTMLInputElement | undefined
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link())
      setState("copied")
    } catch {
      setState("manual")
      field?.focus()
      field?.select()
    }
  }
  return (
    <div class="stack-sm copy-link">
      <p class="cluster">
        <button type="button" class="button" onClick={() => void copy()}>
          {t("order.copyLink")}
        </button>
        <span role="status">{state() === "copied" ? t("order.linkCopied") : ""}</span>
      </p>
      <Show when={state() === "manual"}>
        <label class="field">
          <span class="field-label">{t("order.copyByHand")}</span>
          <input ref={field} readOnly value={link()} onFocus={(event) => event.currentTarget.select()} />
        </label>
      </Show>
    </div>
  )
}
