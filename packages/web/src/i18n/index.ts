import {
  type Allergen,
  bestLanguage,
  DEFAULT_LANGUAGE,
  type DietaryTag,
  type Language,
  languages,
} from "@ardine/domain"
import * as i18n from "@solid-primitives/i18n"
import { createEffect, createRoot, createSignal } from "solid-js"
import { chosenLanguage } from "../state/preferences.js"
import type { Dictionary } from "./dictionaries/en.js"

export type { Dictionary }

// One chunk per language, English included: a diner downloads only the words they read.
const dictionaries: { readonly [L in Language]: () => Promise<{ readonly dictionary: Dictionary }> } = {
  en: () => import("./dictionaries/en.js"),
  es: () => import("./dictionaries/es.js"),
  fr: () => import("./dictionaries/fr.js"),
  de: () => import("./dictionaries/de.js"),
  it: () => import("./dictionaries/it.js"),
  zh: () => import("./dictionaries/zh.js"),
}

export const loadDictionary = async (language: Language): Promise<i18n.Flatten<Dictionary>> =>
  i18n.flatten((await dictionaries[language]()).dictionary)

/** Each language's name in itself, as a switcher offers it. */
export const languageNames: { readonly [L in Language]: string } = {
  en: "English",
  es: "Español",
  fr: "Français",
  de: "Deutsch",
  it: "Italiano",
  zh: "中文",
}

/** The reader's languages, most preferred first: the one they picked, then their browser's. */
export const preferredLanguages = (): ReadonlyArray<string> => {
  const browser = typeof navigator === "undefined" ? [] : (navigator.languages ?? [navigator.language])
  const chosen = chosenLanguage()
  return chosen === null ? browser : [chosen, ...browser]
}

/** The language the app's own words are shown in: the best match among every language it speaks. */
export const appLanguage = (): Language => bestLanguage(preferredLanguages(), languages, DEFAULT_LANGUAGE)

/** The language to show a restaurant's menu in: the best match among the languages it offers. */
export const menuLanguageOf = (restaurant: {
  readonly language: Language
  readonly languages: ReadonlyArray<Language>
}): Language => bestLanguage(preferredLanguages(), restaurant.languages, restaurant.language)

// One set of words for the page (they outlive any one screen); the previous language's words stay shown
// while the next one's chunk loads.
const [dictionary, setDictionary] = createSignal<i18n.Flatten<Dictionary>>()

/** Loads a language's words and shows them (unless another language was asked for meanwhile). */
export const showWordsIn = async (language: Language): Promise<void> => {
  const loaded = await loadDictionary(language)
  if (appLanguage() === language) setDictionary(() => loaded)
}

let following = false

/** Keeps the words in the app's language from now on; the screens that need words call it (once is enough). */
export const followAppLanguage = (): void => {
  if (following) return
  following = true
  createRoot(() =>
    createEffect(() => {
      // A chunk that does not load (offline) keeps the words already shown; the screens wait for the first.
      showWordsIn(appLanguage()).catch(() => undefined)
    }),
  )
}

/** For a diner's page: its words, and the page's `lang`, follow the app's language (screen readers say it so). */
export const speakAppLanguage = (): void => {
  followAppLanguage()
  createEffect(() => {
    document.documentElement.lang = appLanguage()
  })
}

/** Whether the app's words have loaded: the diner's screens render only then. */
export const wordsReady = (): boolean => dictionary() !== undefined

/**
 * The app's words in the current language. Typed as always present because the diner's screens render only
 * once `wordsReady()`; before that it answers undefined.
 */
export const t = i18n.translator(dictionary) as i18n.Translator<i18n.Flatten<Dictionary>>

/** An allergen's name in the diner's language. */
export const allergenName = (allergen: Allergen): string => t(`allergen.${allergen}`)

/** A dietary tag's name in the diner's language. */
export const dietName = (tag: DietaryTag): string => t(`diet.${tag}`)

/** Every value's name, as a chip list or a select wants them. */
export const namesOf = <K extends string>(
  values: ReadonlyArray<K>,
  name: (value: K) => string,
): { readonly [V in K]: string } =>
  Object.fromEntries(values.map((value) => [value, name(value)])) as { [V in K]: string }
