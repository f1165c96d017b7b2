import { isLanguage, type PublicRestaurant } from "@ardine/domain"
import { For, Show } from "solid-js"
import { languageNames, menuLanguageOf, t } from "../../i18n/index.js"
import { setChosenLanguage } from "../../state/preferences.js"

/** The restaurant's languages, each in its own name; the choice is remembered on this device. */
export const LanguageSwitcher = (props: { restaurant: PublicRestaurant }) => (
  <Show when={props.restaurant.languages.length > 1}>
    <label class="language-switcher">
      <span class="visually-hidden">{t("language.label")}</span>
      <select
        class="select language-select"
        value={menuLanguageOf(props.restaurant)}
        onChange={(event) => {
          const picked = event.currentTarget.value
          if (isLanguage(picked)) setChosenLanguage(picked)
        }}
      >
        <For each={props.restaurant.languages}>
          {(language) => (
            <option value={language} lang={language}>
              {languageNames[language]}
            </option>
          )}
        </For>
      </select>
    </label>
  </Show>
)
