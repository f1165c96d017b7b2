import type { Language, OptionTranslations } from "@ardine/domain"
import { For, Show } from "solid-js"
import { Field } from "../../components/Field.jsx"
import { languageNames } from "../../i18n/index.js"
import { optionNameInputName } from "../../lib/optionTranslations.js"

/**
 * A group's or an option's name in each of the restaurant's other languages, next to its main name. Read
 * from the form on submit (optionTranslationsFromForm); an empty field shows diners the main name.
 */
export const OptionNameTranslations = (props: {
  languages: ReadonlyArray<Language>
  translations: OptionTranslations | undefined
}) => (
  <Show when={props.languages.length > 0}>
    <div class="form-grid form-grid-2">
      <For each={props.languages}>
        {(language) => (
          <Field label={`Name in ${languageNames[language]}`} hint="Left empty, diners see the main name.">
            {(control) => (
              <input
                {...control}
                class="input"
                name={optionNameInputName(language)}
                lang={language}
                maxlength="80"
                value={props.translations?.[language]?.name ?? ""}
              />
            )}
          </Field>
        )}
      </For>
    </div>
  </Show>
)
