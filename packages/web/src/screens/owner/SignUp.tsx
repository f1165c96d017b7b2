import { SignUpRequest } from "@ardine/domain"
import { A, useNavigate } from "@solidjs/router"
import { Either } from "effect"
import { createSignal, Show } from "solid-js"
import { signUp } from "../../api/auth.js"
import { focusFirstInvalid } from "../../browser/focusFirstInvalid.js"
import { useTitle } from "../../browser/title.js"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Field } from "../../components/Field.jsx"
import { checkForm, fieldErrors } from "../../lib/fieldErrors.js"
import { signedIn } from "../../state/session.js"
import { AuthCard } from "./AuthCard.jsx"

export default function SignUp() {
  useTitle(() => "Create an account")
  const navigate = useNavigate()
  const [errors, setErrors] = createSignal<Readonly<Record<string, string>>>({})
  const [failure, setFailure] = createSignal<{ readonly _tag: string }>()
  const [busy, setBusy] = createSignal(false)

  const submit = async (event: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const decoded = checkForm(SignUpRequest, {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    })
    setFailure(undefined)
    if (Either.isLeft(decoded)) {
      setErrors(fieldErrors(decoded.left))
      return focusFirstInvalid(event.currentTarget)
    }
    setErrors({})
    setBusy(true)
    const outcome = await signUp(decoded.right)
    setBusy(false)
    if (outcome.ok) {
      signedIn(outcome.value)
      navigate("/owner/new", { replace: true })
    } else setFailure(outcome.error)
  }

  return (
    <AuthCard
      title="Create your account"
      footer={
        <>
          Already have an account? <A href="/login">Log in</A>
        </>
      }
    >
      <form class="stack" onSubmit={submit} novalidate>
        <Show when={failure()}>{(error) => <ErrorNotice error={error()} />}</Show>
        <Field label="Your name" error={errors().name}>
          {(control) => <input {...control} class="input" name="name" autocomplete="name" />}
        </Field>
        <Field label="Email" error={errors().email}>
          {(control) => (
            <input {...control} class="input" name="email" type="email" autocomplete="email" inputmode="email" />
          )}
        </Field>
        <Field label="Password" hint="At least 10 characters." error={errors().password}>
          {(control) => (
            <input {...control} class="input" name="password" type="password" autocomplete="new-password" />
          )}
        </Field>
        <button type="submit" class="button button-primary button-block" disabled={busy()}>
          {busy() ? "Creating your account…" : "Create account"}
        </button>
      </form>
    </AuthCard>
  )
}
