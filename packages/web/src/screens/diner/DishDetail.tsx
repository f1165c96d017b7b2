import type { DishOptionId, MenuDish } from "@ardine/domain"
import { A, useParams } from "@solidjs/router"
import { createMemo, createSignal, For, Show } from "solid-js"
import { useTitle } from "../../browser/title.js"
import { announce } from "../../components/Announcer.jsx"
import { DishPicture } from "../../components/DishPicture.jsx"
import { ModelViewer } from "../../components/ModelViewer.jsx"
import { QuantityStepper } from "../../components/QuantityStepper.jsx"
import { allergenName, dietName, t } from "../../i18n/index.js"
import { quantityOf } from "../../lib/cart.js"
import { formatMoney } from "../../lib/money.js"
import { choiceProblems, unitPriceOf } from "../../lib/optionChoice.js"
import { CartBar } from "./CartBar.jsx"
import { useDiner } from "./dinerContext.js"
import { OptionPicker } from "./OptionPicker.jsx"

// The photo stage spans the page on a phone and 1.2 of 2.2 columns from 56rem (diner.css .dish-detail-body).
const DISH_STAGE_SIZES = "(min-width: 56rem) 38rem, 100vw"

export default function DishDetail() {
  const params = useParams<{ dishId: string }>()
  const { menu, menuHref } = useDiner()
  const dish = createMemo(() => menu().dishes.find((candidate) => candidate.id === params.dishId))
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
              <OrderDish dish={current()} />
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

/**
 * The dish's options (when it has any) and "Add to order" with the price of one as chosen. The stepper
 * that replaces "Add" counts the line with exactly these options: other options make another line.
 */
const OrderDish = (props: { dish: MenuDish }) => {
  const { menu, cart } = useDiner()
  const money = (minor: number) => formatMoney(minor, menu().restaurant.currency)
  const [chosen, setChosen] = createSignal<ReadonlyArray<DishOptionId>>([])
  // Problems show once the diner tried to add, not while they are still choosing.
  const [tried, setTried] = createSignal(false)
  // "+" takes the focus from "Add" as it replaces it, not when the page opens on a dish already ordered.
  const [justAdded, setJustAdded] = createSignal(false)
  const groups = () => props.dish.optionGroups
  const line = () => ({ dishId: props.dish.id, optionIds: chosen() })
  const quantity = () => quantityOf(cart.cart(), line())
  const unitPrice = () => unitPriceOf(props.dish.priceMinor, groups(), chosen())
  let picker: HTMLDivElement | undefined
  let addButton: HTMLButtonElement | undefined

  const add = () => {
    const problems = choiceProblems(groups(), chosen(), t("options"))
    if (problems.length > 0) {
      setTried(true)
      announce(t("options.chooseFirst", problems.map((problem) => problem.problem).join(". ")))
      picker?.querySelector<HTMLInputElement>("fieldset[data-problem] input:not(:disabled)")?.focus()
      return
    }
    setJustAdded(true)
    cart.add(line())
    announce(t("dish.added", props.dish.name))
  }
  // "Add to order" and the stepper replace each other, as on a menu card: focus goes to the one that
  // appears and the change is said.
  const removeOne = () => {
    const last = quantity() === 1
    cart.removeOne(line())
    if (!last) return
    setJustAdded(false)
    announce(t("dish.removed", props.dish.name))
    addButton?.focus()
  }

  return (
    <>
      <Show when={groups().length > 0}>
        <div ref={picker}>
          <OptionPicker
            dishId={props.dish.id}
            groups={groups()}
            chosen={chosen()}
            onChange={(next) => {
              setJustAdded(false)
              setChosen(next)
            }}
            money={money}
            showProblems={tried()}
          />
        </div>
      </Show>
      <div class="dish-order-row">
        <Show
          when={quantity() > 0}
          fallback={
            <button ref={addButton} type="button" class="button button-primary button-block" onClick={add}>
              {t("dish.addToOrder", money(unitPrice()))}
            </button>
          }
        >
          <span class="muted">
            {t("dish.inYourOrder")}
            <Show when={groups().length > 0}>
              <span class="tabular"> · {money(unitPrice() * quantity())}</span>
            </Show>
          </span>
          <QuantityStepper
            name={props.dish.name}
            quantity={quantity()}
            onAdd={() => cart.add(line())}
            onRemove={removeOne}
            focusMore={justAdded()}
          />
        </Show>
      </div>
    </>
  )
}
