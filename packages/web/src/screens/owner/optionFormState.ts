import type { Language, OptionTranslations } from "@ardine/domain"
import { Either } from "effect"
import { createSignal } from "solid-js"
import { focusFirstInvalid } from "../../browser/focusFirstInvalid.js"
import { stillWrong } from "../../lib/fieldErrors.js"
import { optionTranslationsFromForm } from "../../lib/optionTranslations.js"

type Checked<A> = Either.Either<A, Readonly<Record<string, string>>>

/**
 * What a group's and an option's form share: errors that clear as each field becomes valid, and a submit
 * that shows every error and focuses the first, or hands over the checked value with the names per language.
 */
export const createOptionFormState = <A>(check: () => Checked<A>, languages: () => ReadonlyArray<Language>) => {
  const [errors, setErrors] = createSignal<Readonly<Record<string, string>>>({})
  let form: HTMLFormElement | undefined
  const recheck = () => {
    if (Object.keys(errors()).length === 0) return
    const checked = check()
    setErrors(stillWrong(errors(), Either.isLeft(checked) ? checked.left : {}))
  }
  const submit =
    (onValid: (value: A, translations: OptionTranslations) => void) =>
    (event: SubmitEvent): void => {
      event.preventDefault()
      const checked = check()
      if (Either.isLeft(checked)) {
        setErrors(checked.left)
        focusFirstInvalid(form)
        return
      }
      setErrors({})
      onValid(checked.right, form === undefined ? {} : optionTranslationsFromForm(new FormData(form), languages()))
    }
  return { errors, recheck, submit, setForm: (element: HTMLFormElement) => (form = element) }
}
