import type { JSX } from "solid-js"
import { modelBadge } from "../lib/modelBadge.js"

const badgeClass = {
  neutral: "badge",
  progress: "badge badge-info",
  success: "badge badge-success",
  danger: "badge badge-danger",
} as const

/**
 * The dish's 3D model status as a badge. `withoutReason` leaves a failure's reason out, for screens that
 * show it in full beside the badge; `role="status"` announces changes where the badge updates live.
 */
export const ModelBadge = (props: {
  dish: Parameters<typeof modelBadge>[0]
  withoutReason?: boolean
  role?: "status"
}): JSX.Element => {
  const badge = () => modelBadge(props.dish)
  return (
    <span class={badgeClass[badge().tone]} role={props.role}>
      {props.withoutReason === true && props.dish.modelStatus === "failed" ? "3D model failed" : badge().label}
    </span>
  )
}
