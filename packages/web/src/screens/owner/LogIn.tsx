import { LogInRequest } from "@ardine/domain"
import { A, useNavigate, useSearchParams } from "@solidjs/router"
import { Either } from "effect"
import { createEffect, createSignal, Show } from "solid-js"
import { logIn } from "../../api/auth.js"
import { focusFirstInvalid } from "../../browser/focusFirstInvalid.js"
import { useTitle } from "../../browser/title.js"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Field } from "../../components/Field.jsx"
import { checkForm, fieldErrors } from "../../lib/fieldErrors.js"
import { safeNext } from "../../lib/safeNext.js"
import { checkSession, session, signedIn } from "../../state/session.js"
import { AuthCard } from "./AuthCard.jsx"

export default function LogIn() {
  useTitle(() => "Log in")
  const navigate = useNavigate()
  const [params] = useSearchParams<{ next?: string }>()
  const next = () => safeNext(params.next)
  const [errors, setErrors] = createSignal<Readonly<Record<string, string>>>({})
  const [failure, setFailure] = createSignal<{ readonly _tag: string }>()
  const [busy, setBusy] = createSignal(false)

  void checkSession()
  createEffect(() => {
    if (session().status === "signed-in") navigate(next(), { replace: true })
  })

  const submit = async (event: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const decoded = checkForm(LogInRequest, {
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
    const outcome = await logIn(decoded.right)
    setBusy(false)
    if (outcome.ok) {
      signedIn(outcome.value)
      navigate(next(), { replace: true })
    } else setFailure(outcome.error)
  }

  return (
    <AuthCard
      title="Log in to your restaurant"
      footer={
        <>
          New to Ardine? <A href="/signup">Create an account</A>
        </>
      }
    >
      <form class="stack" onSubmit={submit} novalidate>
        <Show when={failure()}>{(error) => <ErrorNotice error={error()} />}</Show>
        <Field label="Email" error={errors().email}>
          {(control) => (
            <input {...control} class="input" name="email" type="email" autocomplete="email" inputmode="email" />
          )}
        </Field>
        <Field label="Password" error={errors().password}>
          {(control) => (
            <input {...control} class="input" name="password" type="password" autocomplete="current-password" />
          )}
        </Field>
        <button type="submit" class="button button-primary button-block" disabled={busy()}>
          {busy() ? "Logging in…" : "Log in"}
        </button>
      </form>
    </AuthCard>
  )
}
