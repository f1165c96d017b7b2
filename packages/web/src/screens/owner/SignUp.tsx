import { SignUpRequest } from "@ardine/domain"
import { A } from "@solidjs/router"
import { Show } from "solid-js"
import { signUp } from "../../api/auth.js"
import { useTitle } from "../../browser/title.js"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Field } from "../../components/Field.jsx"
import { AuthCard } from "./AuthCard.jsx"
import { useAuthForm } from "./authForm.js"

export default function SignUp() {
  useTitle(() => "Create an account")
  const form = useAuthForm({
    schema: SignUpRequest,
    fields: ["name", "email", "password"],
    send: signUp,
    destination: () => "/owner/new",
  })

  return (
    <AuthCard
      title="Create your account"
      footer={
        <>
          Already have an account? <A href="/login">Log in</A>
        </>
      }
    >
      <form class="stack" onSubmit={form.submit} onInput={form.recheck} novalidate>
        <Show when={form.failure()}>{(error) => <ErrorNotice error={error()} />}</Show>
        <Field label="Your name" error={form.errors().name}>
          {(control) => <input {...control} class="input" name="name" autocomplete="name" />}
        </Field>
        <Field label="Email" error={form.errors().email}>
          {(control) => (
            <input {...control} class="input" name="email" type="email" autocomplete="email" inputmode="email" />
          )}
        </Field>
        <Field label="Password" hint="At least 10 characters." error={form.errors().password}>
          {(control) => (
            <input {...control} class="input" name="password" type="password" autocomplete="new-password" />
          )}
        </Field>
        <button type="submit" class="button button-primary button-block" disabled={form.busy()}>
          {form.busy() ? "Creating your account…" : "Create account"}
        </button>
      </form>
    </AuthCard>
  )
}
