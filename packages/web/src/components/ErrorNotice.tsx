import { Show } from "solid-js"
import { describeError, isDescribed, isTransient } from "../api/describeError.js"
import { dinerErrorSentence, tryAgainLabel } from "../i18n/errors.js"

/** An error in plain words (from its `_tag`), with a way to try again when that can help. */
export const ErrorNotice = (props: { error: { readonly _tag: string }; onRetry?: () => void; retryLabel?: string }) => (
  <div class="notice notice-error" role="alert">
    <p>{dinerErrorSentence(props.error._tag, isDescribed(props.error._tag)) ?? describeError(props.error._tag)}</p>
    <Show when={isTransient(props.error._tag) ? props.onRetry : undefined}>
      {(retry) => (
        <button type="button" class="button button-small" onClick={() => retry()()}>
          {props.retryLabel ?? tryAgainLabel()}
        </button>
      )}
    </Show>
  </div>
)
