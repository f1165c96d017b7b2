import { A } from "@solidjs/router"

/** The Ardine mark: a plate seen from above with a corner marker, as in an AR placement. */
export const BrandMark = () => (
  <svg viewBox="0 0 32 32" fill="none" stroke="currentColor" stroke-width="2.2" aria-hidden="true">
    <circle cx="16" cy="16" r="10.5" />
    <circle cx="16" cy="16" r="5.5" />
    <path d="M3 9V3h6M29 23v6h-6" stroke-linecap="round" stroke-linejoin="round" />
  </svg>
)

export const Brand = (props: { href?: string }) => (
  <A href={props.href ?? "/"} class="brand">
    <BrandMark />
    <span>Ardine</span>
  </A>
)
