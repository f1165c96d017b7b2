/** After a failed check, takes keyboard and screen-reader users straight to the first field to fix. */
export const focusFirstInvalid = (form: HTMLFormElement | null | undefined): void => {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
}
