import type { Language } from "@ardine/domain"
import { A, type RouteSectionProps, useLocation, useParams, useSearchParams } from "@solidjs/router"
import { createEffect, createResource, createSignal, Show } from "solid-js"
import { useTitle } from "../../browser/title.js"
import { Loaded } from "../../components/Loaded.jsx"
import { appLanguage, menuLanguageOf, speakAppLanguage, t, wordsReady } from "../../i18n/index.js"
import { scannedTable } from "../../lib/cart.js"
import { tokenInFragment } from "../../lib/qr.js"
import { createCart } from "../../state/cart.js"
import { loadMenu } from "../../state/menu.js"
import { recentOrders } from "../../state/preferences.js"
import { DinerContext } from "./dinerContext.js"
import { LanguageSwitcher } from "./LanguageSwitcher.jsx"
import "../../styles/diner.css"

// A diner's last order stays one tap away for a few hours (a meal), then the link goes quiet.
const RECENT_MS = 4 * 60 * 60 * 1000

/** The restaurant reached from a table's QR code: loads its menu once for the menu, dish and cart screens. */
export default function DinerShell(props: RouteSectionProps) {
  const params = useParams<{ slug: string }>()
  speakAppLanguage()
  return (
    <Show when={wordsReady() && params.slug} keyed>
      {(slug) => <Restaurant slug={slug}>{props.children}</Restaurant>}
    </Show>
  )
}

const Restaurant = (props: { slug: string; children: RouteSectionProps["children"] }) => {
  const [search] = useSearchParams<{ table?: string }>()
  const location = useLocation()
  // First asked in the app's language; once the restaurant's languages are known, in the best of those.
  const [menuLanguage, setMenuLanguage] = createSignal<Language>(appLanguage())
  const [menu, { refetch }] = createResource(
    () => ({ slug: props.slug, language: menuLanguage() }),
    ({ slug, language }) => loadMenu(slug, language),
  )
  createEffect(() => {
    const outcome = menu()
    if (outcome?.ok !== true) return
    const best = menuLanguageOf(outcome.value.restaurant)
    if (best !== outcome.value.language) setMenuLanguage(best)
  })
  const cart = createCart(props.slug)

  const lastOrder = () =>
    recentOrders().find((order) => order.slug === props.slug && Date.now() - order.placedAt < RECENT_MS)

  const missing = () => {
    const outcome = menu()
    return outcome?.ok === false && outcome.error._tag === "NotFound"
  }

  return (
    <Show when={!missing()} fallback={<NoRestaurant />}>
      <Loaded of={menu()} onRetry={() => void refetch()} loadingLabel={t("loading.menu")}>
        {(loaded) => {
          useTitle(() => loaded().restaurant.name)
          // The QR code's table (and its token, needed to order) wins over a remembered one. A table the
          // restaurant does not have is said so on the page, and never quietly replaced by the last one used.
          const scan = () =>
            scannedTable({ table: search.table, token: tokenInFragment(location.hash) }, loaded().restaurant.tableCount)
          createEffect(() => {
            const scanned = scan()
            const { table, tableToken } = cart.cart()
            if (scanned._tag === "Table") {
              if (scanned.table !== table || (scanned.token !== undefined && scanned.token !== tableToken)) {
                cart.setTable(scanned.table, scanned.token)
              }
            } else if (scanned._tag === "Unknown" && table !== undefined) cart.forgetTable()
          })
          const unknownTable = () => {
            const scanned = scan()
            return scanned._tag === "Unknown" ? scanned.value : undefined
          }
          const table = () => cart.cart().table
          const menuHref = () => `/r/${props.slug}${table() === undefined ? "" : `?table=${table()}`}`
          return (
            <DinerContext.Provider value={{ slug: props.slug, menu: loaded, cart, menuHref }}>
              <header class="diner-header">
                <div class="container diner-header-inner">
                  <A href={menuHref()} class="diner-restaurant">
                    {loaded().restaurant.name}
                  </A>
                  <div class="diner-header-actions">
                    <Show when={lastOrder()}>
                      {(order) => (
                        <A href={`/o/${order().token}`} class="button button-small">
                          {t("shell.yourOrder")}
                        </A>
                      )}
                    </Show>
                    <LanguageSwitcher restaurant={loaded().restaurant} />
                    <Show when={table()}>
                      {(number) => <span class="table-pill">{t("shell.table", number())}</span>}
                    </Show>
                  </div>
                </div>
              </header>
              <Show when={unknownTable()}>
                {(value) => (
                  <div class="container">
                    <div class="notice notice-error unknown-table" role="alert">
                      <p>{t("shell.unknownTable", loaded().restaurant.name, value())}</p>
                    </div>
                  </div>
                )}
              </Show>
              {props.children}
            </DinerContext.Provider>
          )
        }}
      </Loaded>
    </Show>
  )
}

const NoRestaurant = () => {
  useTitle(() => t("shell.menuNotFound"))
  return (
    <main id="main" class="container page stack">
      <h1>{t("shell.noMenuTitle")}</h1>
      <p class="muted">{t("shell.noMenuText")}</p>
    </main>
  )
}
