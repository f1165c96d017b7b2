import type { Language, OptionTranslations } from "@ardine/domain"

/** The form field of a group's or an option's name in one of the restaurant's other languages. */
export const optionNameInputName = (language: Language) => `name-${language}`

/**
 * The names per language a group or option form holds. Every language is sent, an empty one as `{}`: the
 * server replaces the languages sent, so a name the owner cleared is cleared (diners then see the main one).
 */
export const optionTranslationsFromForm = (form: FormData, languages: ReadonlyArray<Language>): OptionTranslations =>
  Object.fromEntries(
    languages.map((language) => {
      const name = String(form.get(optionNameInputName(language)) ?? "").trim()
      return [language, name === "" ? {} : { name }]
    }),
  )
