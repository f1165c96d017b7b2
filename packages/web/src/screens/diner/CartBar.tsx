import { A } from "@solidjs/router"
import { createMemo, Show } from "solid-js"
import { t } from "../../i18n/index.js"
import { itemCount } from "../../lib/cart.js"
import { previewCart } from "../../lib/cartPreview.js"
import { formatMoney } from "../../lib/money.js"
import { useDiner } from "./dinerContext.js"

/** The bar at the bottom of the menu once something is in the cart. */
export const CartBar = () => {
  const { slug, menu, cart } = useDiner()
  const count = () => itemCount(cart.cart())
  const preview = createMemo(() => previewCart(cart.cart().lines, menu().dishes, menu().restaurant))
  return (
    <Show when={count() > 0}>
      <div class="cart-bar">
        <A href={`/r/${slug}/cart`} class="button button-primary cart-bar-button">
          <span class="cart-bar-count tabular" aria-hidden="true">
            {count()}
          </span>
          <span>{t("cartBar.view")}</span>
          <span class="tabular">{formatMoney(preview().totalMinor, menu().restaurant.currency)}</span>
          <span class="visually-hidden">, {t("cartBar.items", count())}</span>
        </A>
      </div>
    </Show>
  )
}
