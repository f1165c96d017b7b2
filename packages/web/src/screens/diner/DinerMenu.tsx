import type { DietaryTag } from "@ardine/domain"
import { createMemo, createSignal, For, Show } from "solid-js"
import { useTitle } from "../../browser/title.js"
import { ChipList } from "../../components/ChipList.jsx"
import { allergenName, dietName, namesOf, t } from "../../i18n/index.js"
import { allergens } from "../../lib/labels.js"
import { categoryAnchor, groupByCategory, isFiltering, matchesFilter } from "../../lib/menuFilter.js"
import { dietFilter, setDietFilter } from "../../state/preferences.js"
import { CartBar } from "./CartBar.jsx"
import { DishCard } from "./DishCard.jsx"
import { useDiner } from "./dinerContext.js"

// The "only" filters diners ask for most; the rest are still shown on each dish.
const onlyOptions: ReadonlyArray<DietaryTag> = ["vegetarian", "vegan", "gluten-free", "dairy-free", "nut-free", "halal"]

const toggle = <A,>(list: ReadonlyArray<A>, item: A): ReadonlyArray<A> =>
  list.includes(item) ? list.filter((x) => x !== item) : [...list, item]

export default function DinerMenu() {
  const { menu, cart } = useDiner()
  // Again here, not only in the shell: coming back from the cart or a dish, the shell stays as it was.
  useTitle(() => menu().restaurant.name)
  const [query, setQuery] = createSignal("")
  const [filtersOpen, setFiltersOpen] = createSignal(false)
  const filter = () => ({ query: query(), ...dietFilter() })
  const visible = createMemo(() => menu().dishes.filter((dish) => matchesFilter(dish, filter())))
  const groups = createMemo(() => groupByCategory(visible()))
  const allCategories = createMemo(() => groupByCategory(menu().dishes).map((group) => group.category))
  const activeFilters = () => dietFilter().hideAllergens.length + dietFilter().onlyTags.length
  const tableQuery = () => (cart.cart().table === undefined ? "" : `?table=${cart.cart().table}`)

  const jumpTo = (event: MouseEvent, category: string) => {
    event.preventDefault()
    const heading = document.getElementById(categoryAnchor(category))
    const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches
    heading?.scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "start" })
    heading?.focus({ preventScroll: true })
  }

  const clearFilters = () => {
    setQuery("")
    setDietFilter({ hideAllergens: [], onlyTags: [] })
  }

  return (
    <main id="main" class="diner-menu">
      <h1 class="visually-hidden">{t("menu.heading", menu().restaurant.name)}</h1>
      <div class="menu-tools">
        <div class="container stack-sm">
          <div class="search-row">
            <label class="search">
              <span class="visually-hidden">{t("menu.search")}</span>
              <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2">
                <circle cx="11" cy="11" r="7" />
                <path d="m20 20-3.5-3.5" stroke-linecap="round" />
              </svg>
              <input
                type="search"
                class="input"
                placeholder={t("menu.searchPlaceholder")}
                value={query()}
                onInput={(event) => setQuery(event.currentTarget.value)}
                enterkeyhint="search"
              />
            </label>
            <button
              type="button"
              class="button filter-button"
              classList={{ "is-active": activeFilters() > 0 }}
              aria-expanded={filtersOpen()}
              aria-controls="menu-filters"
              onClick={() => setFiltersOpen(!filtersOpen())}
            >
              {t("menu.filters")}
              <Show when={activeFilters() > 0}>
                <span class="filter-count tabular">
                  {activeFilters()}
                  <span class="visually-hidden"> {t("menu.active")}</span>
                </span>
              </Show>
            </button>
          </div>
          <div id="menu-filters" class="filters card" hidden={!filtersOpen()}>
            <ChipList
              legend={t("menu.hideWith")}
              options={allergens}
              labels={namesOf(allergens, allergenName)}
              selected={dietFilter().hideAllergens}
              mark="✕"
              onToggle={(allergen) =>
                setDietFilter({ ...dietFilter(), hideAllergens: toggle(dietFilter().hideAllergens, allergen) })
              }
            />
            <ChipList
              legend={t("menu.showOnly")}
              options={onlyOptions}
              labels={namesOf(onlyOptions, dietName)}
              selected={dietFilter().onlyTags}
              mark="✓"
              onToggle={(tag) => setDietFilter({ ...dietFilter(), onlyTags: toggle(dietFilter().onlyTags, tag) })}
            />
            <p class="small muted">{t("menu.allergyNote")}</p>
          </div>
          <Show when={!isFiltering(filter())}>
            <nav class="category-nav" aria-label={t("menu.categories")}>
              <For each={allCategories()}>
                {(category) => (
                  <a href={`#${categoryAnchor(category)}`} class="category-link" onClick={(e) => jumpTo(e, category)}>
                    {category}
                  </a>
                )}
              </For>
            </nav>
          </Show>
        </div>
      </div>

      <div class="container menu-body">
        <p class="visually-hidden" aria-live="polite">
          {isFiltering(filter()) ? t("menu.shown", visible().length) : ""}
        </p>
        <Show when={isFiltering(filter())}>
          <div class="filter-summary small">
            <span>{t("menu.shownOf", visible().length, menu().dishes.length)}</span>
            <button type="button" class="button button-quiet button-small" onClick={clearFilters}>
              {t("menu.clearFilters")}
            </button>
          </div>
        </Show>
        <Show
          when={groups().length > 0}
          fallback={
            <div class="empty-menu stack-sm">
              <p>{menu().dishes.length === 0 ? t("menu.beingPrepared") : t("menu.noMatch")}</p>
              <Show when={menu().dishes.length > 0}>
                <p>
                  <button type="button" class="button button-small" onClick={clearFilters}>
                    {t("menu.clearFilters")}
                  </button>
                </p>
              </Show>
            </div>
          }
        >
          <For each={groups()}>
            {(group, groupIndex) => (
              <section class="menu-section" aria-labelledby={categoryAnchor(group.category)}>
                <h2 id={categoryAnchor(group.category)} class="menu-section-title" tabindex="-1">
                  {group.category}
                </h2>
                <ul class="dish-list">
                  <For each={group.dishes}>
                    {(dish, index) => (
                      <DishCard dish={dish} tableQuery={tableQuery()} eager={groupIndex() === 0 && index() < 3} />
                    )}
                  </For>
                </ul>
              </section>
            )}
          </For>
        </Show>
      </div>
      <CartBar />
    </main>
  )
}
