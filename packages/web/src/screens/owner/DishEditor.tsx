import { type Dish, isLanguage, type Language, UpdateDishRequest } from "@ardine/domain"
import { Either } from "effect"
import { createEffect, createSignal, For, Show } from "solid-js"
import { updateDish } from "../../api/dishes.js"
import { focusFirstInvalid } from "../../browser/focusFirstInvalid.js"
import { ChipList } from "../../components/ChipList.jsx"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Field } from "../../components/Field.jsx"
import { languageNames } from "../../i18n/index.js"
import { type AllergenAnswer, allergenAnswerOf } from "../../lib/allergenAnswer.js"
import { dishChanges } from "../../lib/dishChanges.js"
import { translationChanges, translationsFromForm } from "../../lib/dishTranslations.js"
import { checkForm, fieldErrors, stillWrong } from "../../lib/fieldErrors.js"
import { allergenLabels, allergens, dietaryLabels, dietaryTags } from "../../lib/labels.js"
import { currencySymbol, minorToInput, parseMoneyInput, priceProblem } from "../../lib/money.js"
import { DishTranslationFields } from "./DishTranslationFields.jsx"
import { ModelEditor } from "./ModelEditor.jsx"
import { ModelKindSwitch } from "./ModelKindSwitch.jsx"
import { OptionGroupsEditor } from "./OptionGroupsEditor.jsx"

// The analyzer's review fields, in the owner's words; the 3D shape is edited in ModelEditor.
const fieldNames: Readonly<Record<string, string>> = {
  name: "name",
  description: "description",
  category: "category",
  suggestedPriceMinor: "price",
  portionSize: "portion size",
  allergens: "allergens",
  dietaryTags: "dietary tags",
  optionGroups: "suggested option groups",
}

// A suggested translation is marked "translation:es".
const reviewName = (field: string) => {
  const language = field.startsWith("translation:") ? field.slice("translation:".length) : undefined
  return language !== undefined && isLanguage(language) ? `${languageNames[language]} words` : fieldNames[field]
}

const reviewList = (fields: ReadonlyArray<string>) => fields.flatMap((field) => reviewName(field) ?? [])

/**
 * Edits a dish's text: name, description, price, category, portion, the 14 EU allergens and
 * dietary tags. Fields the AI was unsure of (`needsReview`) are pointed out. Checked with the
 * domain's UpdateDishRequest before sending.
 */
export const DishEditor = (props: {
  dish: Dish | undefined
  currency: string
  categories: ReadonlyArray<string>
  onClose: () => void
  onSaved: (dish: Dish) => void
  /** The same dish as the live feed has it now (model progress), for the 3D model section. */
  live?: Dish | undefined
  /** The model section changed the dish (new shape, photo, or a rebuild); the dialog stays open. */
  onModelChanged?: (dish: Dish) => void
  /** The restaurant's dishes, where an option group can be copied to. */
  dishes?: ReadonlyArray<Dish>
  /** The restaurant's menu language, and the others it offers (the dish's words are edited in each). */
  mainLanguage: Language
  languages: ReadonlyArray<Language>
}) => {
  let dialog: HTMLDialogElement | undefined
  const [errors, setErrors] = createSignal<Readonly<Record<string, string>>>({})
  const [failure, setFailure] = createSignal<{ readonly _tag: string }>()
  const [busy, setBusy] = createSignal(false)
  const [allergenAnswer, setAllergenAnswer] = createSignal<AllergenAnswer>("unknown")

  createEffect(() => {
    if (dialog === undefined) return
    if (props.dish !== undefined && !dialog.open) {
      setAllergenAnswer(allergenAnswerOf(props.dish))
      setErrors({})
      setFailure(undefined)
      dialog.showModal()
    }
    if (props.dish === undefined && dialog.open) dialog.close()
  })

  const review = (field: string) => props.dish?.needsReview.includes(field) === true

  const check = (element: HTMLFormElement) => {
    const form = new FormData(element)
    const text = (name: string) => String(form.get(name) ?? "")
    const priceMinor = parseMoneyInput(text("price"), props.currency)
    const answer = allergenAnswer()
    const decoded = checkForm(UpdateDishRequest, {
      name: text("name"),
      description: text("description"),
      category: text("category"),
      priceMinor: priceMinor ?? -1,
      portionSize: text("portionSize"),
      allergens: answer === "none" ? [] : form.getAll("allergens").map(String),
      dietaryTags: form.getAll("dietaryTags").map(String),
      available: form.get("available") === "on",
      translations: translationsFromForm(form, props.languages),
    })
    const found: Record<string, string> = Either.isLeft(decoded) ? { ...fieldErrors(decoded.left) } : {}
    const priceError = priceProblem(text("price"), props.currency)
    if (priceError !== undefined) found.priceMinor = priceError
    if (answer === "listed" && form.getAll("allergens").length === 0) {
      found.allergens = "Tick the allergens it contains, or choose “contains none of the 14”."
    }
    return { form, priceMinor, answer, decoded, found }
  }

  // After a failed save, a message goes as soon as its field is right, not at the next save. On change
  // too: choices (radios, chips) update their signals on change, after the input event.
  const recheck = (event: Event & { currentTarget: HTMLFormElement }) => {
    if (Object.keys(errors()).length > 0) setErrors(stillWrong(errors(), check(event.currentTarget).found))
  }

  const submit = async (event: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    event.preventDefault()
    const dish = props.dish
    if (dish === undefined) return
    const { form, priceMinor, answer, decoded, found } = check(event.currentTarget)
    setErrors(found)
    setFailure(undefined)
    if (Either.isLeft(decoded) || priceMinor === undefined || found.allergens !== undefined) {
      return focusFirstInvalid(event.currentTarget)
    }
    const { name, description, category, portionSize, allergens, dietaryTags, available, translations } = decoded.right
    const changes = dishChanges(dish, {
      name: name ?? dish.name,
      description: description ?? dish.description,
      category: category ?? dish.category,
      priceMinor,
      portionSize: portionSize ?? dish.portionSize,
      allergens: allergens ?? [],
      allergenAnswer: answer,
      dietaryTags: dietaryTags ?? [],
      available: available ?? dish.available,
      keepName: form.get("keepName") === "on",
    })
    const translated = translationChanges(dish, translations ?? {})
    if (Object.keys(translated).length > 0) Object.assign(changes, { translations: translated })
    if (Object.keys(changes).length === 0) return props.onSaved(dish)
    setBusy(true)
    const outcome = await updateDish(dish.restaurantId, dish.id, new UpdateDishRequest(changes))
    setBusy(false)
    if (outcome.ok) props.onSaved(outcome.value)
    else setFailure(outcome.error)
  }

  const hint = (field: string, text?: string) => (review(field) ? "Suggested from the photo: please check this." : text)

  return (
    <dialog
      ref={dialog}
      class="dialog dish-editor"
      aria-labelledby="dish-editor-title"
      onCancel={(event) => {
        event.preventDefault()
        props.onClose()
      }}
    >
      <Show when={props.dish}>
        {(dish) => (
          <div class="dialog-body">
            <h2 id="dish-editor-title">Edit {dish().name}</h2>
            <ModelEditor dish={props.live ?? dish()} onChanged={(changed) => props.onModelChanged?.(changed)} />
            <ModelKindSwitch dish={props.live ?? dish()} onChanged={(changed) => props.onModelChanged?.(changed)} />
            <OptionGroupsEditor
              dish={dish()}
              dishes={props.dishes ?? []}
              currency={props.currency}
              languages={props.languages}
            />
            <form
              class="stack dish-text-form"
              onSubmit={submit}
              onInput={recheck}
              onChange={recheck}
              novalidate
              aria-label="Dish details"
            >
              <Show when={reviewList(dish().needsReview).length > 0}>
                <p class="notice notice-info">
                  Ardine filled in this dish from its photo and could not be sure of everything. Please check the{" "}
                  {reviewList(dish().needsReview).join(", ")}, then save.
                </p>
              </Show>
              <Show when={failure()}>{(error) => <ErrorNotice error={error()} />}</Show>
              <Field label="Name" hint={hint("name")} error={errors().name}>
                {(control) => <input {...control} class="input" name="name" value={dish().name} />}
              </Field>
              <Show when={review("name")}>
                {/* Publishing needs a name of the owner's: keeping the suggested one is an answer too. */}
                <label class="switch">
                  <input type="checkbox" name="keepName" />
                  <span>This name is right</span>
                </label>
              </Show>
              <Field label="Description" hint={hint("description")} error={errors().description}>
                {(control) => (
                  <textarea {...control} class="textarea" name="description" rows="3" value={dish().description} />
                )}
              </Field>
              <div class="form-grid form-grid-2">
                <Field
                  label="Price"
                  hint={hint("suggestedPriceMinor", `In ${props.currency}, before tax.`)}
                  error={errors().priceMinor}
                >
                  {(control) => (
                    <div class="input-affix">
                      <span aria-hidden="true">{currencySymbol(props.currency)}</span>
                      <input
                        {...control}
                        class="input tabular"
                        name="price"
                        inputmode="decimal"
                        value={minorToInput(dish().priceMinor, props.currency)}
                      />
                    </div>
                  )}
                </Field>
                <Field
                  label="Portion"
                  hint={hint("portionSize", "For example 250 g or 30 cm.")}
                  error={errors().portionSize}
                >
                  {(control) => <input {...control} class="input" name="portionSize" value={dish().portionSize} />}
                </Field>
              </div>
              <Field
                label="Category"
                hint={hint("category", "Dishes are grouped by category.")}
                error={errors().category}
              >
                {(control) => (
                  <>
                    <input {...control} class="input" name="category" list="dish-categories" value={dish().category} />
                    <datalist id="dish-categories">
                      <For each={props.categories}>{(category) => <option value={category} />}</For>
                    </datalist>
                  </>
                )}
              </Field>
              <DishTranslationFields
                dish={dish()}
                mainLanguage={props.mainLanguage}
                languages={props.languages}
                error={errors().translations}
              />
              <fieldset class="stack-sm allergen-answer">
                <legend>
                  Allergens <span class="muted">(the 14 EU groups)</span>
                  <Show when={!dish().allergensConfirmed && dish().allergens.length > 0}>
                    <span class="field-hint"> · ticked below: suggested from the photo, not confirmed.</span>
                  </Show>
                </legend>
                <For
                  each={
                    [
                      ["unknown", "Not confirmed yet (the dish stays off the menu)"],
                      ["listed", "Contains the allergens ticked below"],
                      ["none", "Contains none of the 14"],
                    ] as const
                  }
                >
                  {([value, label]) => (
                    <label class="radio">
                      <input
                        type="radio"
                        name="allergenAnswer"
                        value={value}
                        checked={allergenAnswer() === value}
                        onChange={() => setAllergenAnswer(value)}
                      />
                      <span>{label}</span>
                    </label>
                  )}
                </For>
                <Show when={dish().published && allergenAnswer() === "unknown"}>
                  <p class="notice notice-info">Saving with allergens not confirmed takes this dish off the menu.</p>
                </Show>
                <Show when={allergenAnswer() !== "none"}>
                  <ChipList
                    legend="Contains"
                    name="allergens"
                    options={allergens}
                    labels={allergenLabels}
                    selected={dish().allergens}
                    mark="✓"
                    error={errors().allergens}
                  />
                </Show>
              </fieldset>
              <ChipList
                legend="Dietary tags"
                name="dietaryTags"
                options={dietaryTags}
                labels={dietaryLabels}
                selected={dish().dietaryTags}
                mark="✓"
              />
              <label class="switch">
                <input type="checkbox" name="available" checked={dish().available} />
                <span>Available to order</span>
              </label>
              <div class="dialog-actions">
                <button type="button" class="button" onClick={() => props.onClose()}>
                  Cancel
                </button>
                <button type="submit" class="button button-primary" disabled={busy()}>
                  {busy() ? "Saving…" : "Save dish"}
                </button>
              </div>
            </form>
          </div>
        )}
      </Show>
    </dialog>
  )
}
