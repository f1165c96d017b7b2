import {
  CreateRestaurantRequest,
  DEFAULT_LANGUAGE,
  defaultPricingSettings,
  type Language,
  languages,
  type PaymentMethod,
  type Restaurant,
} from "@ardine/domain"
import { Either } from "effect"
import { createSignal, createUniqueId, For, type JSX, Show } from "solid-js"
import { focusFirstInvalid } from "../../browser/focusFirstInvalid.js"
import { ChipList } from "../../components/ChipList.jsx"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Field } from "../../components/Field.jsx"
import { languageNames } from "../../i18n/index.js"
import { checkForm, fieldErrors, stillWrong } from "../../lib/fieldErrors.js"
import { paymentLabels, paymentMethods } from "../../lib/labels.js"
import { bpsToPercent, percentToBps } from "../../lib/percent.js"
import { slugify } from "../../lib/slug.js"

const currencyNames = new Intl.DisplayNames(undefined, { type: "currency" })
const currencies = Intl.supportedValuesOf("currency").map((code) => ({
  code,
  label: `${code} · ${currencyNames.of(code) ?? code}`,
}))

// The browser's list leaves out "UTC" (an alias there): offered first, as the server's default.
const timeZones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")]
const browserTimeZone = new Intl.DateTimeFormat().resolvedOptions().timeZone

export type RestaurantFormResult = { readonly ok: true } | { readonly ok: false; readonly error: { _tag: string } }

/**
 * Name, web address, currency, tax rate (as a percentage), whether menu prices include it, the
 * payment methods offered, table count and time zone; checked with the domain's own CreateRestaurantRequest
 * schema before anything is sent.
 */
export const RestaurantForm = (props: {
  initial?: Restaurant
  submitLabel: string
  busyLabel: string
  onSubmit: (request: CreateRestaurantRequest) => Promise<RestaurantFormResult>
  children?: JSX.Element
}) => {
  const [name, setName] = createSignal(props.initial?.name ?? "")
  const [slug, setSlug] = createSignal(props.initial?.slug ?? "")
  // While creating, the address follows the name until the owner edits it.
  const [slugTouched, setSlugTouched] = createSignal(props.initial !== undefined)
  // Until the owner chooses, a new restaurant's pricing follows its currency's default.
  const [currency, setCurrency] = createSignal(props.initial?.currency ?? "EUR")
  const [includeTax, setIncludeTax] = createSignal(props.initial?.pricesIncludeTax)
  const [methods, setMethods] = createSignal(props.initial?.paymentMethods)
  const pricesIncludeTax = () => includeTax() ?? defaultPricingSettings(currency()).pricesIncludeTax
  const offered = () => methods() ?? defaultPricingSettings(currency()).paymentMethods
  const toggleMethod = (method: PaymentMethod) =>
    setMethods(
      // Kept in the list's own order, whatever order they were ticked in.
      paymentMethods.filter((m) => (m === method ? !offered().includes(m) : offered().includes(m))),
    )
  // A new restaurant starts in the owner's own time zone; a saved one keeps its own, even one this browser lacks.
  const initialZone = props.initial?.timeZone ?? browserTimeZone
  const zones = timeZones.includes(initialZone) ? timeZones : [initialZone, ...timeZones]
  const [mainLanguage, setMainLanguage] = createSignal<Language>(props.initial?.language ?? DEFAULT_LANGUAGE)
  const [extraLanguages, setExtraLanguages] = createSignal<ReadonlyArray<Language>>(props.initial?.languages ?? [])
  // The main language is never also an extra one.
  const otherLanguages = () => languages.filter((language) => language !== mainLanguage())
  const toggleLanguage = (language: Language) =>
    setExtraLanguages(
      otherLanguages().filter((l) => (l === language ? !extraLanguages().includes(l) : extraLanguages().includes(l))),
    )
  const taxHintId = createUniqueId()
  const [errors, setErrors] = createSignal<Readonly<Record<string, string>>>({})
  const [failure, setFailure] = createSignal<{ readonly _tag: string }>()
  const [busy, setBusy] = createSignal(false)

  const check = (element: HTMLFormElement) => {
    const form = new FormData(element)
    const taxText = String(form.get("tax") ?? "")
    const taxRateBps = percentToBps(taxText)
    const tableText = String(form.get("tableCount") ?? "").trim()
    const decoded = checkForm(CreateRestaurantRequest, {
      name: name(),
      slug: slug(),
      currency: String(form.get("currency") ?? ""),
      taxRateBps: taxRateBps ?? -1,
      tableCount: /^\d+$/.test(tableText) ? Number(tableText) : -1,
      pricesIncludeTax: pricesIncludeTax(),
      paymentMethods: offered(),
      timeZone: String(form.get("timeZone") ?? ""),
      language: mainLanguage(),
      languages: extraLanguages().filter((language) => language !== mainLanguage()),
    })
    const found: Record<string, string> = Either.isLeft(decoded) ? { ...fieldErrors(decoded.left) } : {}
    if (taxRateBps === undefined) found.taxRateBps = "Enter a percentage from 0 to 100, like 7.5"
    if (found.tableCount !== undefined) found.tableCount = "Enter a whole number of tables from 1 to 500"
    if (found.paymentMethods !== undefined) found.paymentMethods = "Choose at least one way diners can pay."
    return { decoded, found }
  }

  // After a failed save, a message goes as soon as its field is right, not at the next save. On change
  // too: choices (radios, chips) update their signals on change, after the input event.
  const recheck = (event: Event & { currentTarget: HTMLFormElement }) => {
    if (Object.keys(errors()).length > 0) setErrors(stillWrong(errors(), check(event.currentTarget).found))
  }

  const submit = async (event: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    event.preventDefault()
    const { decoded, found } = check(event.currentTarget)
    setErrors(found)
    setFailure(undefined)
    if (Either.isLeft(decoded)) return focusFirstInvalid(event.currentTarget)
    setBusy(true)
    const result = await props.onSubmit(decoded.right)
    setBusy(false)
    if (!result.ok) {
      if (result.error._tag === "SlugTaken") setErrors({ slug: "Another restaurant already uses this address" })
      setFailure(result.error)
    }
  }

  const origin = window.location.origin

  return (
    <form class="stack-lg restaurant-form" onSubmit={submit} onInput={recheck} onChange={recheck} novalidate>
      <Show when={failure()}>{(error) => <ErrorNotice error={error()} />}</Show>
      <div class="form-grid">
        <Field label="Restaurant name" error={errors().name}>
          {(control) => (
            <input
              {...control}
              class="input"
              name="name"
              autocomplete="organization"
              value={name()}
              onInput={(event) => {
                setName(event.currentTarget.value)
                if (!slugTouched()) setSlug(slugify(event.currentTarget.value))
              }}
            />
          )}
        </Field>
        <Field
          label="Web address"
          hint={`Diners reach your menu at ${origin}/r/${slug() || "your-name"}${
            props.initial !== undefined ? ". Changing it means printing new QR codes." : ""
          }`}
          error={errors().slug}
        >
          {(control) => (
            <div class="input-affix">
              <span aria-hidden="true">/r/</span>
              <input
                {...control}
                class="input"
                name="slug"
                autocapitalize="none"
                spellcheck={false}
                value={slug()}
                onInput={(event) => {
                  setSlugTouched(true)
                  setSlug(event.currentTarget.value.toLowerCase())
                }}
              />
            </div>
          )}
        </Field>
      </div>
      <div class="form-grid form-grid-3">
        <Field label="Currency" error={errors().currency}>
          {(control) => (
            <select
              {...control}
              class="select"
              name="currency"
              onChange={(event) => setCurrency(event.currentTarget.value)}
            >
              <For each={currencies}>
                {(currency) => (
                  <option value={currency.code} selected={currency.code === (props.initial?.currency ?? "EUR")}>
                    {currency.label}
                  </option>
                )}
              </For>
            </select>
          )}
        </Field>
        <Field
          label="Tax rate"
          hint={pricesIncludeTax() ? "Already in your menu prices." : "Added to every order."}
          error={errors().taxRateBps}
        >
          {(control) => (
            <div class="input-affix">
              <input
                {...control}
                class="input"
                name="tax"
                inputmode="decimal"
                value={props.initial === undefined ? "0" : bpsToPercent(props.initial.taxRateBps)}
              />
              <span aria-hidden="true">%</span>
            </div>
          )}
        </Field>
        <Field label="Number of tables" hint="One QR code per table." error={errors().tableCount}>
          {(control) => (
            <input
              {...control}
              class="input"
              name="tableCount"
              type="number"
              min="1"
              max="500"
              inputmode="numeric"
              value={props.initial?.tableCount ?? 10}
            />
          )}
        </Field>
      </div>
      <div class="form-grid">
        <Field
          label="Time zone"
          hint="Your days start and end at midnight here, in the day's figures."
          error={errors().timeZone}
        >
          {(control) => (
            <select {...control} class="select" name="timeZone">
              <For each={zones}>{(zone) => <option selected={zone === initialZone}>{zone}</option>}</For>
            </select>
          )}
        </Field>
        <Field label="Menu language" hint="The language you write your dishes in." error={errors().language}>
          {(control) => (
            <select
              {...control}
              class="select"
              name="language"
              onChange={(event) => setMainLanguage(event.currentTarget.value as Language)}
            >
              <For each={languages}>
                {(language) => (
                  <option value={language} selected={language === mainLanguage()}>
                    {languageNames[language]}
                  </option>
                )}
              </For>
            </select>
          )}
        </Field>
      </div>
      <ChipList
        legend="Also offer the menu in"
        name="languages"
        options={otherLanguages()}
        labels={languageNames}
        selected={extraLanguages()}
        mark="✓"
        onToggle={toggleLanguage}
        error={errors().languages}
      />
      <div class="stack">
        <div class="stack-sm">
          <label class="switch">
            <input
              type="checkbox"
              name="pricesIncludeTax"
              aria-describedby={taxHintId}
              checked={pricesIncludeTax()}
              onChange={(event) => setIncludeTax(event.currentTarget.checked)}
            />
            <span>Menu prices include tax</span>
          </label>
          <p class="field-hint" id={taxHintId}>
            {pricesIncludeTax()
              ? "Diners pay the prices on your menu; each order shows the tax they contain."
              : "Tax is added on top of your menu prices when diners order."}
          </p>
        </div>
        <ChipList
          legend="Diners can pay by"
          name="paymentMethods"
          options={paymentMethods}
          labels={paymentLabels}
          selected={offered()}
          mark="✓"
          onToggle={toggleMethod}
          error={errors().paymentMethods}
        />
      </div>
      {props.children}
      <div>
        <button type="submit" class="button button-primary" disabled={busy()}>
          {busy() ? props.busyLabel : props.submitLabel}
        </button>
      </div>
    </form>
  )
}
