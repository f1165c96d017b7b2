import type { JSX } from "solid-js"

/**
 * A determinate progress bar, 0–100, named for assistive technology by `label` (the thing in progress:
 * "Upload of menu.jpg", "3D model of Soup").
 */
export const ProgressBar = (props: { label: string; percent: number }): JSX.Element => (
  <div
    class="progress"
    role="progressbar"
    aria-label={props.label}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow={props.percent}
  >
    <span style={{ width: `${props.percent}%` }} />
  </div>
)
