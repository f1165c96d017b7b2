import { type Dish, describeMissing, missingForPublish, UpdateDishRequest } from "@ardine/domain"
import { createMemo, createSignal, For, Show } from "solid-js"
import { deleteDish, publishDish, unpublishDish, updateDish } from "../../api/dishes.js"
import { createDishesFeed } from "../../api/liveDishes.js"
import { useTitle } from "../../browser/title.js"
import { ConfirmDialog } from "../../components/ConfirmDialog.jsx"
import { DishPicture } from "../../components/DishPicture.jsx"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Loading } from "../../components/Loading.jsx"
import { ModelBadge } from "../../components/ModelBadge.jsx"
import { ProgressBar } from "../../components/ProgressBar.jsx"
import { ownerAllergenLine } from "../../lib/allergenAnswer.js"
import { dietaryLabels } from "../../lib/labels.js"
import { groupByCategory } from "../../lib/menuFilter.js"
import { formatMoney } from "../../lib/money.js"
import { AddDishPanel } from "./AddDishPanel.jsx"
import { DishEditor } from "./DishEditor.jsx"
import { useRestaurant } from "./restaurantContext.js"
import "../../styles/owner-menu.css"

export default function OwnerMenu() {
  const { restaurant } = useRestaurant()
  useTitle(() => `Menu · ${restaurant().name}`)
  const feed = createDishesFeed(restaurant().id)
  // Drafts first: they are what still needs the owner before diners can see it.
  const drafts = createMemo(() => feed.dishes().filter((dish) => !dish.published))
  const groups = createMemo(() => [
    ...(drafts().length > 0 ? [{ category: "Drafts: not on the menu yet", dishes: drafts() }] : []),
    ...groupByCategory(feed.dishes().filter((dish) => dish.published)),
  ])
  const categories = createMemo(() => groupByCategory(feed.dishes()).map((group) => group.category))
  const [editing, setEditing] = createSignal<Dish>()
  // The text form edits the snapshot taken when the dialog opened; the model section follows the feed.
  const editingLive = createMemo(() => {
    const dish = editing()
    return dish === undefined ? undefined : feed.dishes().find((d) => d.id === dish.id)
  })
  const [deleting, setDeleting] = createSignal<Dish>()
  const [deleteBusy, setDeleteBusy] = createSignal(false)
  const [failure, setFailure] = createSignal<{ readonly _tag: string }>()

  const toggleAvailable = async (dish: Dish) => {
    setFailure(undefined)
    const outcome = await updateDish(dish.restaurantId, dish.id, new UpdateDishRequest({ available: !dish.available }))
    if (outcome.ok) feed.put(outcome.value)
    else setFailure(outcome.error)
  }

  const setPublished = async (dish: Dish, published: boolean) => {
    setFailure(undefined)
    const outcome = await (published ? publishDish : unpublishDish)(dish.restaurantId, dish.id)
    if (outcome.ok) feed.put(outcome.value)
    else setFailure(outcome.error)
  }

  const confirmDelete = async () => {
    const dish = deleting()
    if (dish === undefined) return
    setDeleteBusy(true)
    const outcome = await deleteDish(dish.restaurantId, dish.id)
    setDeleteBusy(false)
    setDeleting(undefined)
    if (outcome.ok) feed.remove(dish.id)
    else setFailure(outcome.error)
  }

  return (
    <section class="stack-lg" aria-labelledby="menu-title">
      <div class="spread">
        <h2 id="menu-title">Menu</h2>
        <p class="muted small">
          {feed.dishes().length} {feed.dishes().length === 1 ? "dish" : "dishes"} ·{" "}
          {feed.dishes().filter((dish) => dish.available && dish.published).length} on the menu
          <Show when={drafts().length > 0}>
            {" "}
            · {drafts().length} {drafts().length === 1 ? "draft" : "drafts"}
          </Show>
        </p>
      </div>
      <AddDishPanel
        restaurantId={restaurant().id}
        onAdded={(dish) => {
          feed.put(dish)
          setEditing(dish)
        }}
      />
      <Show when={failure()}>{(error) => <ErrorNotice error={error()} />}</Show>
      <Show when={feed.error()}>{(error) => <ErrorNotice error={error()} />}</Show>
      <Show when={feed.loaded()} fallback={<Loading label="Loading dishes…" />}>
        <Show
          when={groups().length > 0}
          fallback={<p class="muted">No dishes yet. Add the first one with a photo above.</p>}
        >
          <For each={groups()}>
            {(group) => (
              <section class="stack-sm" aria-label={group.category}>
                <h3 class="category-title">{group.category}</h3>
                <ul class="owner-dishes">
                  <For each={group.dishes}>
                    {(dish) => (
                      <li
                        class="owner-dish card"
                        classList={{ "is-unavailable": !dish.available, "is-draft": !dish.published }}
                      >
                        <div class="owner-dish-picture">
                          <DishPicture imageUrl={dish.imageUrl} name={dish.name} />
                        </div>
                        <div class="owner-dish-body">
                          <div class="spread">
                            <h4 class="owner-dish-name">{dish.name}</h4>
                            <span class="owner-dish-price tabular">
                              {formatMoney(dish.priceMinor, restaurant().currency)}
                            </span>
                          </div>
                          <Show when={dish.description}>
                            <p class="muted small clamp-2">{dish.description}</p>
                          </Show>
                          <div class="cluster">
                            <ModelBadge dish={dish} />
                            <Show when={dish.needsReview.some((field) => field !== "geometry")}>
                              <span class="badge badge-warning">Details to check</span>
                            </Show>
                            <Show when={dish.portionSize}>
                              <span class="badge">{dish.portionSize}</span>
                            </Show>
                            <For each={dish.dietaryTags}>
                              {(tag) => <span class="badge badge-success">{dietaryLabels[tag]}</span>}
                            </For>
                          </div>
                          <p class="small muted">{ownerAllergenLine(dish)}</p>
                          <Show when={!dish.published}>
                            <p class="small draft-needs" id={`needs-${dish.id}`}>
                              {missingForPublish(dish).length === 0
                                ? "Not on the menu yet: ready to publish."
                                : `Not on the menu yet. To publish it, give it ${describeMissing(missingForPublish(dish))}.`}
                            </p>
                          </Show>
                          <Show when={dish.modelStatus === "generating"}>
                            <ProgressBar label={`3D model of ${dish.name}`} percent={dish.modelProgress} />
                          </Show>
                          <div class="owner-dish-actions">
                            <label class="switch">
                              <input
                                type="checkbox"
                                checked={dish.available}
                                onChange={() => void toggleAvailable(dish)}
                              />
                              <span>Available</span>
                            </label>
                            <div class="cluster">
                              <Show
                                when={dish.published}
                                fallback={
                                  <button
                                    type="button"
                                    class="button button-small button-primary"
                                    aria-label={`Publish ${dish.name}`}
                                    aria-describedby={`needs-${dish.id}`}
                                    disabled={missingForPublish(dish).length > 0}
                                    onClick={() => void setPublished(dish, true)}
                                  >
                                    Publish
                                  </button>
                                }
                              >
                                <button
                                  type="button"
                                  class="button button-small"
                                  aria-label={`Unpublish ${dish.name}`}
                                  onClick={() => void setPublished(dish, false)}
                                >
                                  Unpublish
                                </button>
                              </Show>
                              <button
                                type="button"
                                class="button button-small"
                                aria-label={`Edit ${dish.name}`}
                                onClick={() => setEditing(dish)}
                              >
                                Edit
                              </button>
                              <button
                                type="button"
                                class="button button-small button-danger"
                                aria-label={`Delete ${dish.name}`}
                                onClick={() => setDeleting(dish)}
                              >
                                Delete
                              </button>
                            </div>
                          </div>
                        </div>
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            )}
          </For>
        </Show>
      </Show>
      <DishEditor
        dish={editing()}
        currency={restaurant().currency}
        categories={categories()}
        dishes={feed.dishes()}
        mainLanguage={restaurant().language}
        languages={restaurant().languages.filter((language) => language !== restaurant().language)}
        live={editingLive()}
        onModelChanged={(dish) => feed.put(dish)}
        onClose={() => setEditing(undefined)}
        onSaved={(dish) => {
          feed.put(dish)
          setEditing(undefined)
        }}
      />
      <ConfirmDialog
        open={deleting() !== undefined}
        title={`Delete ${deleting()?.name ?? "this dish"}?`}
        confirmLabel="Delete dish"
        danger
        busy={deleteBusy()}
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => void confirmDelete()}
      >
        <p>Diners will no longer see it, and its photo and 3D model are removed. This can't be undone.</p>
      </ConfirmDialog>
    </section>
  )
}
