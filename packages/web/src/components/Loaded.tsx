import { type Accessor, type JSX, Match, Switch } from "solid-js"
import type { Outcome } from "../api/outcome.js"
import { ErrorNotice } from "./ErrorNotice.jsx"
import { Loading } from "./Loading.jsx"

const okOf = <A, E>(outcome: Outcome<A, E> | undefined) => (outcome?.ok === true ? { value: outcome.value } : undefined)
const errorOf = <A, E>(outcome: Outcome<A, E> | undefined) => (outcome?.ok === false ? outcome.error : undefined)

/** Shows a loading state, the error in plain words (with "try again"), or the loaded value. */
export function Loaded<A, E extends { readonly _tag: string }>(props: {
  of: Outcome<A, E> | undefined
  onRetry?: () => void
  loadingLabel?: string
  children: (value: Accessor<A>) => JSX.Element
}) {
  return (
    <Switch fallback={<Loading label={props.loadingLabel ?? "Loading…"} />}>
      <Match when={errorOf(props.of)}>
        {(error) => (
          <ErrorNotice error={error()} {...(props.onRetry === undefined ? {} : { onRetry: props.onRetry })} />
        )}
      </Match>
      <Match when={okOf(props.of)}>{(ok) => props.children(() => ok().value)}</Match>
    </Switch>
  )
}
