import { LogInRequest } from "@ardine/domain"
import { A, useNavigate, useSearchParams } from "@solidjs/router"
import { createEffect, Show } from "solid-js"
import { logIn } from "../../api/auth.js"
import { useTitle } from "../../browser/title.js"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Field } from "../../components/Field.jsx"
import { safeNext } from "../../lib/safeNext.js"
import { checkSession, session } from "../../state/session.js"
import { AuthCard } from "./AuthCard.jsx"
import { useAuthForm } from "./authForm.js"

export default function LogIn() {
  useTitle(() => "Log in")
  const navigate = useNavigate()
  const [params] = useSearchParams<{ next?: string }>()
  const next = () => safeNext(params.next)
  const form = useAuthForm({ schema: LogInRequest, fields: ["email", "password"], send: logIn, destination: next })

  void checkSession()
  createEffect(() => {
    if (session().status === "signed-in") navigate(next(), { replace: true })
  })

  return (
    <AuthCard
      title="Log in to your restaurant"
      footer={
        <>
          New to Ardine? <A href="/signup">Create an account</A>
        </>
      }
    >
      <form class="stack" onSubmit={form.submit} onInput={form.recheck} novalidate>
        <Show when={form.failure()}>{(error) => <ErrorNotice error={error()} />}</Show>
        <Field label="Email" error={form.errors().email}>
          {(control) => (
            <input {...control} class="input" name="email" type="email" autocomplete="email" inputmode="email" />
          )}
        </Field>
        <Field label="Password" error={form.errors().password}>
          {(control) => (
            <input {...control} class="input" name="password" type="password" autocomplete="current-password" />
          )}
        </Field>
        <button type="submit" class="button button-primary button-block" disabled={form.busy()}>
          {form.busy() ? "Logging in…" : "Log in"}
        </button>
      </form>
    </AuthCard>
  )
}
