import type { MenuDish } from "@ardine/domain"
import { A } from "@solidjs/router"
import { createSignal, For, Show } from "solid-js"
import { announce } from "../../components/Announcer.jsx"
import { DishPicture } from "../../components/DishPicture.jsx"
import { loadModelViewerLibrary } from "../../components/modelViewerLibrary.js"
import { QuantityStepper } from "../../components/QuantityStepper.jsx"
import { allergenName, dietName, t } from "../../i18n/index.js"
import { quantityOf } from "../../lib/cart.js"
import { formatMoney } from "../../lib/money.js"
import { needsChoice } from "../../lib/optionRules.js"
import { useDiner } from "./dinerContext.js"

/** The card's picture is 6.5rem square (diner.css .dish-card-picture): a 3x screen needs the 320 px copy. */
export const DISH_CARD_PICTURE_SIZES = "6.5rem"

/** A dish in the diner's list: what it is, what it contains, its price, and add/remove. */
export const DishCard = (props: { dish: MenuDish; tableQuery: string; eager: boolean }) => {
  const { slug, menu, cart } = useDiner()
  // "Add" here adds the dish without options; one whose options need an answer is added on its page.
  const plain = () => ({ dishId: props.dish.id })
  const quantity = () => quantityOf(cart.cart(), plain())
  const dishHref = () => `/r/${slug}/dish/${props.dish.id}${props.tableQuery}`
  // "Add" and the stepper replace each other: focus goes to the one that appears, and the change is said.
  let addButton: HTMLButtonElement | undefined
  const [added, setAdded] = createSignal(false)
  const add = () => {
    setAdded(true)
    cart.add(plain())
    announce(t("dish.added", props.dish.name))
  }
  const removeOne = () => {
    const last = quantity() === 1
    cart.removeOne(plain())
    if (!last) return
    setAdded(false)
    announce(t("dish.removed", props.dish.name))
    addButton?.focus()
  }
  // A finger on the card (or a pointer over it, or focus) comes a moment before the tap: time enough to
  // start downloading the 3D viewer, so the dish page often has it already. Its own chunk, asked for once.
  const prefetchViewer = () => {
    if (props.dish.modelUrl) void loadModelViewerLibrary().catch(() => undefined)
  }
  return (
    <li class="dish-card">
      <A
        href={dishHref()}
        class="dish-card-link"
        onPointerEnter={prefetchViewer}
        onTouchStart={prefetchViewer}
        onFocus={prefetchViewer}
      >
        <div class="dish-card-text">
          <h3 class="dish-card-name">{props.dish.name}</h3>
          <Show when={props.dish.description}>
            <p class="dish-card-description clamp-2">{props.dish.description}</p>
          </Show>
          <p class="dish-card-price tabular">
            {formatMoney(props.dish.priceMinor, menu().restaurant.currency)}
            <Show when={props.dish.portionSize}>
              <span class="muted"> · {props.dish.portionSize}</span>
            </Show>
          </p>
        </div>
        <div class="dish-card-picture">
          <DishPicture
            imageUrl={props.dish.imageUrl}
            variants={props.dish.imageVariants}
            sizes={DISH_CARD_PICTURE_SIZES}
            name={props.dish.name}
            eager={props.eager}
          />
          <Show when={props.dish.modelUrl}>
            <span class="badge-3d">3D · AR</span>
          </Show>
        </div>
      </A>
      <div class="dish-card-foot">
        <div class="dish-tags">
          <For each={props.dish.dietaryTags}>
            {(tag) => <span class={`diet-tag diet-${tag}`}>{dietName(tag)}</span>}
          </For>
          <Show when={!props.dish.allergensConfirmed}>
            <span class="allergen-line">{t("dish.allergensUnconfirmed")}</span>
          </Show>
          <Show when={props.dish.allergensConfirmed && props.dish.allergens.length > 0}>
            <span class="allergen-line">{t("dish.contains", props.dish.allergens.map(allergenName))}</span>
          </Show>
        </div>
        <Show
          when={!needsChoice(props.dish.optionGroups)}
          fallback={
            <A
              class="button button-small add-button"
              aria-label={t("dish.addChoosing", props.dish.name)}
              href={dishHref()}
            >
              {t("dish.add")}
            </A>
          }
        >
          <Show
            when={quantity() > 0}
            fallback={
              <button
                ref={addButton}
                type="button"
                class="button button-small add-button"
                aria-label={t("dish.addNamed", props.dish.name)}
                onClick={add}
              >
                {t("dish.add")}
              </button>
            }
          >
            <QuantityStepper
              name={props.dish.name}
              quantity={quantity()}
              onAdd={() => cart.add(plain())}
              onRemove={removeOne}
              focusMore={added()}
            />
          </Show>
        </Show>
      </div>
    </li>
  )
}
