export const Loading = (props: { label?: string }) => (
  <div class="loading" role="status">
    <span class="spinner" aria-hidden="true" />
    <span>{props.label ?? "Loading…"}</span>
  </div>
)
