import { type DishOptionId, lineKey, type PaymentMethod, PlaceOrderRequest, type PricedLine } from "@ardine/domain"
import { A, useNavigate } from "@solidjs/router"
import { Either } from "effect"
import { createMemo, createSignal, For, Show } from "solid-js"
import { focusFirstInvalid } from "../../browser/focusFirstInvalid.js"
import { useTitle } from "../../browser/title.js"
import { announce } from "../../components/Announcer.jsx"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Field } from "../../components/Field.jsx"
import { LineOptions } from "../../components/LineOptions.jsx"
import { QuantityStepper } from "../../components/QuantityStepper.jsx"
import { TotalsList } from "../../components/TotalsList.jsx"
import { t } from "../../i18n/index.js"
import { itemCount, type LineChoice, quantityOf } from "../../lib/cart.js"
import { previewCart } from "../../lib/cartPreview.js"
import { checkForm, stillWrong } from "../../lib/fieldErrors.js"
import { formatMoney } from "../../lib/money.js"
import { orderFieldErrors } from "../../lib/orderFields.js"
import { chosenPayment } from "../../lib/payment.js"
import type { CartState } from "../../state/cart.js"
import { dinerDetails, rememberOrder, setDinerDetails } from "../../state/preferences.js"
import { CartLineOptions } from "./CartLineOptions.jsx"
import { useDiner } from "./dinerContext.js"

const paymentHints: { readonly [P in PaymentMethod]: () => string } = {
  Cash: () => t("cart.payCash"),
  Card: () => t("cart.payCard"),
  UPI: () => t("cart.payUpi"),
}

/** The cart line a priced line stands for: its dish with the same options. */
const choiceOf = (line: PricedLine): LineChoice => ({
  dishId: line.dishId,
  optionIds: line.options.map((option) => option.optionId),
})

/** A line's name as the stepper's buttons say it: the options tell two lines of one dish apart. */
const lineName = (line: PricedLine): string =>
  line.options.length === 0 ? line.name : `${line.name} (${line.options.map((option) => option.name).join(", ")})`

type PlaceError = Extract<Awaited<ReturnType<CartState["submit"]>>, { ok: false }>["error"]

export default function CartScreen() {
  const { slug, menu, cart, menuHref } = useDiner()
  const navigate = useNavigate()
  useTitle(() => t("cart.title", menu().restaurant.name))
  const currency = () => menu().restaurant.currency
  const money = (minor: number) => formatMoney(minor, currency())
  const preview = createMemo(() => previewCart(cart.cart().lines, menu().dishes, menu().restaurant))
  const dishName = (id: string) => menu().dishes.find((dish) => dish.id === id)?.name
  const optionGroupsOf = (id: string) => menu().dishes.find((dish) => dish.id === id)?.optionGroups ?? []

  const [name, setName] = createSignal(dinerDetails().name)
  const [phone, setPhone] = createSignal(dinerDetails().phone)
  // Only the ways this restaurant takes are offered; a remembered one it does not take gives way to its first.
  const offered = () => menu().restaurant.paymentMethods
  const [preferred, setPayment] = createSignal<PaymentMethod>(dinerDetails().paymentMethod)
  const payment = () => chosenPayment(offered(), preferred())
  // The table comes only from the scanned code, with its token: choosing another one could not place an order.
  const table = () => cart.cart().table
  const [errors, setErrors] = createSignal<Readonly<Record<string, string>>>({})
  const [failure, setFailure] = createSignal<PlaceError>()
  const unavailableIds = () => {
    const error = failure()
    return error?._tag === "DishUnavailable" ? error.dishIds : undefined
  }
  const [busy, setBusy] = createSignal(false)

  let form: HTMLFormElement | undefined
  let lines: HTMLUListElement | undefined
  let menuLink: HTMLAnchorElement | undefined

  // A dish's last one removed takes its line away (and the focused button with it): focus goes to the
  // line now in its place (or the one before), or to "See the menu" once the order is empty; the
  // change is said.
  const removeOne = (line: LineChoice, name: string, index: number) => {
    const last = quantityOf(cart.cart(), line) === 1
    cart.removeOne(line)
    if (!last) return
    if (itemCount(cart.cart()) === 0) {
      announce(t("cart.removedEmpty", name))
      return menuLink?.focus()
    }
    announce(t("dish.removed", name))
    const rows = lines?.querySelectorAll<HTMLElement>(".cart-line")
    ;(rows?.[index] ?? rows?.[index - 1])?.querySelector<HTMLElement>("button")?.focus()
  }

  // The line is drawn anew with its new options (merged into a line that had them already): focus goes to
  // its "Change options" and the change is said.
  const changeOptions = (line: PricedLine, optionIds: ReadonlyArray<DishOptionId>) => {
    const linesBefore = cart.cart().lines.length
    cart.changeOptions(choiceOf(line), optionIds)
    const key = lineKey(line.dishId, optionIds)
    const unchanged = key === lineKey(line.dishId, choiceOf(line).optionIds)
    const index = preview().lines.findIndex(
      (candidate) => lineKey(candidate.dishId, choiceOf(candidate).optionIds) === key,
    )
    const changed = preview().lines[index]
    if (changed === undefined) return
    const merged = cart.cart().lines.length < linesBefore
    if (!unchanged) {
      announce(
        merged
          ? t("options.changedMerged", lineName(changed), changed.quantity)
          : t("options.changed", lineName(changed)),
      )
    }
    lines
      ?.querySelectorAll<HTMLElement>(".cart-line")
      [index]?.querySelector<HTMLElement>(".cart-line-change button")
      ?.focus()
  }

  const check = () =>
    checkForm(PlaceOrderRequest, {
      table: table() ?? 0,
      tableToken: cart.cart().tableToken,
      items: cart
        .cart()
        .lines.map(({ dishId, quantity, optionIds }) =>
          optionIds === undefined ? { dishId, quantity } : { dishId, quantity, optionIds },
        ),
      customerName: name(),
      customerPhone: phone(),
      paymentMethod: payment(),
    })
  // A message goes as soon as the diner has fixed its field, not at the next "Place order".
  const recheck = () => {
    if (Object.keys(errors()).length === 0) return
    const decoded = check()
    setErrors(stillWrong(errors(), Either.isLeft(decoded) ? orderFieldErrors(decoded.left, t("orderFields")) : {}))
  }

  const place = async () => {
    if (busy()) return
    setFailure(undefined)
    if (preview().unavailable.length > 0) return
    const decoded = check()
    if (Either.isLeft(decoded)) {
      setErrors(orderFieldErrors(decoded.left, t("orderFields")))
      return focusFirstInvalid(form)
    }
    setErrors({})
    setDinerDetails({ name: decoded.right.customerName, phone: decoded.right.customerPhone, paymentMethod: payment() })
    setBusy(true)
    const outcome = await cart.submit(decoded.right)
    setBusy(false)
    if (outcome.ok) {
      rememberOrder(outcome.value.token, slug)
      cart.clear()
      navigate(`/o/${outcome.value.token}`)
    } else setFailure(outcome.error)
  }

  return (
    <main id="main" class="container cart-screen stack-lg">
      <div class="stack-sm">
        <p class="back-link">
          <A href={menuHref()}>{t("dish.back")}</A>
        </p>
        <h1>{t("cart.heading")}</h1>
      </div>

      <Show
        when={itemCount(cart.cart()) > 0}
        fallback={
          <div class="stack">
            <p class="muted">{t("cart.empty")}</p>
            <p>
              <A ref={menuLink} href={menuHref()} class="button button-primary">
                {t("cart.seeMenu")}
              </A>
            </p>
          </div>
        }
      >
        <section class="card stack" aria-labelledby="lines-title">
          <h2 id="lines-title" class="visually-hidden">
            {t("cart.dishes")}
          </h2>
          <ul ref={lines} class="cart-lines">
            <For each={preview().lines}>
              {(line, index) => (
                <li class="cart-line">
                  <div class="cart-line-text">
                    <span class="cart-line-name">{line.name}</span>
                    <LineOptions options={line.options} money={money} />
                    <span class="muted small tabular">{t("cart.each", money(line.unitPriceMinor))}</span>
                  </div>
                  <QuantityStepper
                    name={lineName(line)}
                    quantity={line.quantity}
                    onAdd={() => cart.add(choiceOf(line))}
                    onRemove={() => removeOne(choiceOf(line), lineName(line), index())}
                  />
                  <span class="cart-line-total tabular">{money(line.lineTotalMinor)}</span>
                  <Show when={optionGroupsOf(line.dishId).length > 0}>
                    <CartLineOptions
                      dishId={line.dishId}
                      lineName={lineName(line)}
                      groups={optionGroupsOf(line.dishId)}
                      chosen={choiceOf(line).optionIds ?? []}
                      money={money}
                      onSave={(optionIds) => changeOptions(line, optionIds)}
                    />
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <Show when={preview().unavailable.length > 0}>
            <div class="notice notice-warning" role="alert">
              <p>{t("cart.gone", preview().unavailable.length)}</p>
              <button type="button" class="button button-small" onClick={() => cart.dropLines(preview().unavailable)}>
                {t("cart.removeGone", preview().unavailable.length)}
              </button>
            </div>
          </Show>
          <TotalsList
            totals={preview()}
            money={money}
            taxRateBps={menu().restaurant.taxRateBps}
            totalLabel={t("cart.estimatedTotal")}
          />
          <p class="small muted">{t("cart.confirmsTotal")}</p>
        </section>

        <form
          ref={form}
          class="card stack"
          aria-labelledby="details-title"
          novalidate
          onSubmit={(event) => {
            event.preventDefault()
            void place()
          }}
        >
          <h2 id="details-title">{t("cart.details")}</h2>
          <div class="form-grid form-grid-2">
            <Field label={t("cart.name")} error={errors().customerName}>
              {(control) => (
                <input
                  {...control}
                  class="input"
                  autocomplete="given-name"
                  value={name()}
                  onInput={(event) => {
                    setName(event.currentTarget.value)
                    recheck()
                  }}
                />
              )}
            </Field>
            <Field label={t("cart.phone")} hint={t("cart.phoneHint")} error={errors().customerPhone}>
              {(control) => (
                <input
                  {...control}
                  class="input"
                  type="tel"
                  autocomplete="tel"
                  inputmode="tel"
                  value={phone()}
                  onInput={(event) => {
                    setPhone(event.currentTarget.value)
                    recheck()
                  }}
                />
              )}
            </Field>
          </div>
          <Show
            when={table()}
            fallback={
              <div class="notice notice-warning cart-table" role="status" id="table-missing">
                <p>{t("orderFields.table")}</p>
              </div>
            }
          >
            {(number) => (
              <p class="cart-table">
                <span class="muted">{t("cart.yourTable")}</span> <strong>{t("shell.table", number())}</strong>
              </p>
            )}
          </Show>
          <fieldset>
            <legend>{t("cart.payment")}</legend>
            <div class="payment-options">
              <For each={offered()}>
                {(method) => (
                  <label class="payment-option">
                    <input
                      type="radio"
                      name="payment"
                      value={method}
                      checked={payment() === method}
                      onChange={() => {
                        setPayment(method)
                        recheck()
                      }}
                    />
                    <span class="payment-name">{t(`payment.${method}`)}</span>
                    <span class="payment-hint small muted">{paymentHints[method]()}</span>
                  </label>
                )}
              </For>
            </div>
          </fieldset>
          <Show when={failure()}>
            {(error) => (
              // Trying again sends the same Idempotency-Key, so the order is still placed only once.
              <ErrorNotice error={error()} onRetry={() => void place()} />
            )}
          </Show>
          <Show when={unavailableIds()}>
            {(ids) => (
              <div class="notice notice-warning">
                <p>
                  {t(
                    "cart.notAvailable",
                    ids()
                      .map((id) => dishName(id) ?? t("cart.aDish"))
                      .join(", "),
                  )}
                </p>
                <button
                  type="button"
                  class="button button-small"
                  onClick={() => {
                    cart.drop(ids())
                    setFailure(undefined)
                  }}
                >
                  {t("cart.removeFromOrder")}
                </button>
              </div>
            )}
          </Show>
          <button
            type="submit"
            class="button button-primary button-block place-order"
            disabled={busy() || preview().unavailable.length > 0}
          >
            {busy() ? t("cart.placing") : t("cart.place", money(preview().totalMinor))}
          </button>
          <p class="small muted">{t("cart.whenReady", paymentHints[payment()]())}</p>
        </form>
      </Show>
    </main>
  )
}
