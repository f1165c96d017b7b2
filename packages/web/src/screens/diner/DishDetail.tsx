import { A, useParams } from "@solidjs/router"
import { createMemo, createSignal, For, Show } from "solid-js"
import { useTitle } from "../../browser/title.js"
import { DishPicture } from "../../components/DishPicture.jsx"
import { ModelViewer } from "../../components/ModelViewer.jsx"
import { QuantityStepper } from "../../components/QuantityStepper.jsx"
import { allergenName, dietName, t } from "../../i18n/index.js"
import { quantityOf } from "../../lib/cart.js"
import { formatMoney } from "../../lib/money.js"
import { CartBar } from "./CartBar.jsx"
import { useDiner } from "./dinerContext.js"

// The photo stage spans the page on a phone and 1.2 of 2.2 columns from 56rem (diner.css .dish-detail-body).
const DISH_STAGE_SIZES = "(min-width: 56rem) 38rem, 100vw"

export default function DishDetail() {
  const params = useParams<{ dishId: string }>()
  const { menu, cart, menuHref } = useDiner()
  const dish = createMemo(() => menu().dishes.find((candidate) => candidate.id === params.dishId))
  const [added, setAdded] = createSignal(false)
  useTitle(() => dish()?.name ?? t("dish.title"))

  return (
    <main id="main" class="dish-detail">
      <div class="container">
        <p class="back-link">
          <A href={menuHref()}>{t("dish.back")}</A>
        </p>
      </div>
      <Show
        when={dish()}
        fallback={
          <div class="container stack">
            <h1>{t("dish.unavailableTitle")}</h1>
            <p class="muted">{t("dish.unavailableText")}</p>
          </div>
        }
      >
        {(current) => (
          <article class="container dish-detail-body" aria-labelledby="dish-title">
            <div class="dish-stage">
              <Show
                when={current().modelUrl}
                fallback={
                  <div class="dish-stage-photo">
                    <DishPicture
                      imageUrl={current().imageUrl}
                      variants={current().imageVariants}
                      sizes={DISH_STAGE_SIZES}
                      name={current().name}
                      eager
                    />
                  </div>
                }
              >
                {(modelUrl) => (
                  <ModelViewer
                    src={modelUrl()}
                    iosSrc={current().usdzUrl}
                    poster={current().imageUrl}
                    posterVariants={current().imageVariants}
                    posterSizes={DISH_STAGE_SIZES}
                    name={current().name}
                  />
                )}
              </Show>
            </div>
            <div class="dish-info stack">
              <div class="stack-sm">
                <h1 id="dish-title">{current().name}</h1>
                <p class="dish-detail-price tabular">
                  {formatMoney(current().priceMinor, menu().restaurant.currency)}
                  <Show when={current().portionSize}>
                    <span class="muted"> · {current().portionSize}</span>
                  </Show>
                </p>
              </div>
              <div class="dish-order-row">
                <Show
                  when={quantityOf(cart.cart(), current().id) > 0}
                  fallback={
                    <button
                      type="button"
                      class="button button-primary button-block"
                      onClick={() => {
                        cart.add(current().id)
                        setAdded(true)
                      }}
                    >
                      {t("dish.addToOrder", formatMoney(current().priceMinor, menu().restaurant.currency))}
                    </button>
                  }
                >
                  <span class="muted">{t("dish.inYourOrder")}</span>
                  <QuantityStepper
                    name={current().name}
                    quantity={quantityOf(cart.cart(), current().id)}
                    onAdd={() => cart.add(current().id)}
                    onRemove={() => cart.removeOne(current().id)}
                  />
                </Show>
              </div>
              <p class="visually-hidden" aria-live="polite">
                {added() ? t("dish.added", current().name) : ""}
              </p>
              <Show when={current().modelUrl}>
                <p class="small muted">{t("dish.modelHint")}</p>
              </Show>
              <Show when={current().description}>
                <p class="dish-detail-description">{current().description}</p>
              </Show>
              <Show when={current().dietaryTags.length > 0}>
                <div class="dish-tags">
                  <For each={current().dietaryTags}>
                    {(tag) => <span class={`diet-tag diet-${tag}`}>{dietName(tag)}</span>}
                  </For>
                </div>
              </Show>
              <section class="allergens-box" aria-labelledby="allergens-title">
                <h2 id="allergens-title">{t("dish.allergens")}</h2>
                <Show
                  when={current().allergens.length > 0}
                  fallback={
                    <p class="small">
                      {current().allergensConfirmed ? t("dish.noAllergens") : t("dish.allergensNotConfirmed")}
                    </p>
                  }
                >
                  <Show when={!current().allergensConfirmed}>
                    <p class="small">{t("dish.mayContainOthers")}</p>
                  </Show>
                  <ul class="allergen-list">
                    <For each={current().allergens}>{(allergen) => <li>{allergenName(allergen)}</li>}</For>
                  </ul>
                </Show>
                <p class="small muted">{t("dish.severeAllergy")}</p>
              </section>
            </div>
          </article>
        )}
      </Show>
      <CartBar />
    </main>
  )
}
