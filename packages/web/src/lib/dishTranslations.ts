import {
  type DishTexts,
  type DishTranslations,
  type Language,
  type TranslatedField,
  translatedFields,
  translationReviewMark,
} from "@ardine/domain"

/** The form control holding a field's text in a language. */
export const translationInputName = (language: Language, field: TranslatedField) => `translation.${language}.${field}`

// Only the fields given, in one order, so two texts compare by their words alone.
const normalised = (texts: DishTexts | undefined): DishTexts =>
  Object.fromEntries(translatedFields.flatMap((field) => (texts?.[field] ? [[field, texts[field]]] : [])))

/** Each offered language's texts as the form has them; a field left empty is left out (the main words show). */
export const translationsFromForm = (form: FormData, languages: ReadonlyArray<Language>): DishTranslations =>
  Object.fromEntries(
    languages.map((language) => [
      language,
      Object.fromEntries(
        translatedFields.flatMap((field) => {
          const text = String(form.get(translationInputName(language, field)) ?? "").trim()
          return text === "" ? [] : [[field, text]]
        }),
      ),
    ]),
  )

/**
 * The languages to send: those whose words changed, and those still marked as suggestions (saving the
 * editor with a suggestion on screen is the owner's answer to it).
 */
export const translationChanges = (
  dish: { readonly translations: DishTranslations; readonly needsReview: ReadonlyArray<string> },
  edited: DishTranslations,
): DishTranslations =>
  Object.fromEntries(
    Object.entries(edited).filter(([language, texts]) => {
      const before = normalised(dish.translations[language])
      const changed = JSON.stringify(before) !== JSON.stringify(normalised(texts))
      return changed || dish.needsReview.includes(translationReviewMark(language as Language))
    }),
  )
