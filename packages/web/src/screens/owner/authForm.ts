import type { User } from "@ardine/domain"
import { useNavigate } from "@solidjs/router"
import { Either, type Schema } from "effect"
import { createSignal } from "solid-js"
import type { Outcome } from "../../api/outcome.js"
import { focusFirstInvalid } from "../../browser/focusFirstInvalid.js"
import { checkForm, fieldErrors, stillWrong } from "../../lib/fieldErrors.js"
import { signedIn } from "../../state/session.js"

/**
 * The submit flow the log-in and sign-up forms share: the text fields are checked with the domain schema the
 * server applies; if they pass they are sent, and an answer with the user signs them in and leaves for
 * `destination` (replacing the form in history, so Back does not return to it).
 */
export const useAuthForm = <Request, Encoded>(options: {
  readonly schema: Schema.Schema<Request, Encoded>
  /** The form's inputs, by name, that make up the request. */
  readonly fields: ReadonlyArray<keyof Encoded & string>
  readonly send: (request: Request) => Promise<Outcome<User, { readonly _tag: string }>>
  readonly destination: () => string
}) => {
  const navigate = useNavigate()
  const [errors, setErrors] = createSignal<Readonly<Record<string, string>>>({})
  const [failure, setFailure] = createSignal<{ readonly _tag: string }>()
  const [busy, setBusy] = createSignal(false)

  const check = (element: HTMLFormElement) => {
    const form = new FormData(element)
    const values = Object.fromEntries(options.fields.map((field) => [field, String(form.get(field) ?? "")]))
    return checkForm(options.schema, values)
  }

  const recheck = (event: Event & { currentTarget: HTMLFormElement }) => {
    if (Object.keys(errors()).length === 0) return
    const decoded = check(event.currentTarget)
    setErrors(stillWrong(errors(), Either.isLeft(decoded) ? fieldErrors(decoded.left) : {}))
  }

  const submit = async (event: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    event.preventDefault()
    const decoded = check(event.currentTarget)
    setFailure(undefined)
    if (Either.isLeft(decoded)) {
      setErrors(fieldErrors(decoded.left))
      return focusFirstInvalid(event.currentTarget)
    }
    setErrors({})
    setBusy(true)
    const outcome = await options.send(decoded.right)
    setBusy(false)
    if (outcome.ok) {
      signedIn(outcome.value)
      navigate(options.destination(), { replace: true })
    } else setFailure(outcome.error)
  }

  return {
    /** The first problem per field, by input name. */
    errors,
    /** What the server or the network answered instead of a user. */
    failure,
    /** A request is on its way: the submit button waits. */
    busy,
    submit,
    /** For the form's input events: a message goes as soon as its field is right, not at the next submit. */
    recheck,
  }
}
