import { createEffect, createUniqueId, type JSX } from "solid-js"

/**
 * A modal question on the native <dialog>: focus moves in and back, Escape cancels, the page
 * behind is inert. Used before anything that cannot be undone.
 */
export const ConfirmDialog = (props: {
  open: boolean
  title: string
  children: JSX.Element
  confirmLabel: string
  danger?: boolean
  busy?: boolean
  onConfirm: () => void
  onCancel: () => void
}) => {
  let dialog: HTMLDialogElement | undefined
  const titleId = createUniqueId()
  createEffect(() => {
    if (dialog === undefined) return
    if (props.open && !dialog.open) dialog.showModal()
    if (!props.open && dialog.open) dialog.close()
  })
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        props.onCancel()
      }}
    >
      <div class="dialog-body">
        <h2 id={titleId}>{props.title}</h2>
        <div>{props.children}</div>
        <div class="dialog-actions">
          <button type="button" class="button" onClick={() => props.onCancel()} autofocus>
            Keep it
          </button>
          <button
            type="button"
            class={props.danger ? "button button-danger" : "button button-primary"}
            disabled={props.busy}
            onClick={() => props.onConfirm()}
          >
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  )
}
