import { type Dish, type Language, type TranslatedField, translatedFields, translationReviewMark } from "@ardine/domain"
import { For, Show } from "solid-js"
import { languageNames } from "../../i18n/index.js"
import { translationInputName } from "../../lib/dishTranslations.js"

const fieldLabels: { readonly [F in TranslatedField]: string } = {
  name: "Name",
  category: "Category",
  description: "Description",
}

/**
 * A dish's words in the restaurant's other languages, side by side with the main language's: one column
 * per language, one row per field. An empty field shows diners the main language's words.
 */
export const DishTranslationFields = (props: {
  dish: Dish
  mainLanguage: Language
  languages: ReadonlyArray<Language>
  error: string | undefined
}) => {
  const suggested = (language: Language) => props.dish.needsReview.includes(translationReviewMark(language))
  return (
    <Show when={props.languages.length > 0}>
      <fieldset class="stack-sm dish-translations">
        <legend>
          Other languages{" "}
          <span class="muted">(left empty, diners see the {languageNames[props.mainLanguage]} words)</span>
        </legend>
        <div class="translation-scroll">
          <table class="translation-grid">
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">Field</span>
                </th>
                <th scope="col">{languageNames[props.mainLanguage]}</th>
                <For each={props.languages}>
                  {(language) => (
                    <th scope="col" lang={language}>
                      {languageNames[language]}
                      <Show when={suggested(language)}>
                        <span class="field-hint"> · suggested, please check</span>
                      </Show>
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <For each={translatedFields}>
                {(field) => (
                  <tr>
                    <th scope="row">{fieldLabels[field]}</th>
                    <td class="translation-main">{props.dish[field] || "—"}</td>
                    <For each={props.languages}>
                      {(language) => (
                        <td>
                          {field === "description" ? (
                            <textarea
                              class="textarea"
                              name={translationInputName(language, field)}
                              lang={language}
                              rows="3"
                              aria-label={`${fieldLabels[field]} in ${languageNames[language]}`}
                              value={props.dish.translations[language]?.[field] ?? ""}
                            />
                          ) : (
                            <input
                              class="input"
                              name={translationInputName(language, field)}
                              lang={language}
                              aria-label={`${fieldLabels[field]} in ${languageNames[language]}`}
                              value={props.dish.translations[language]?.[field] ?? ""}
                            />
                          )}
                        </td>
                      )}
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={props.error}>{(error) => <p class="field-error">{error()}</p>}</Show>
      </fieldset>
    </Show>
  )
}
