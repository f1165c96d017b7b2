import { useLocation } from "@solidjs/router"
import { createEffect, on } from "solid-js"
import { announce } from "../components/Announcer.jsx"
import { titleSuffix } from "./title.js"

/**
 * Moves focus to the new screen's main heading after each route change (not on the first load), so
 * keyboard users continue from the top of the new content instead of the page body, and says which
 * screen it is (its title, as the tab shows it) for screen-reader users.
 */
export const useRouteFocus = (): void => {
  const location = useLocation()
  createEffect(
    on(
      () => location.pathname,
      () => {
        // The new screen is in the page once the router has committed the route; wait a frame for its
        // lazy chunk's first render.
        requestAnimationFrame(() => {
          focusMainHeading()
          announce(document.title.replace(titleSuffix, ""))
        })
      },
      { defer: true },
    ),
  )
}

const focusMainHeading = (): void => {
  const main = document.getElementById("main")
  const target = main?.querySelector<HTMLElement>("h1") ?? main
  if (target === null || target === undefined) return
  // Headings are not focusable by default; -1 takes them out of the Tab order (base.css hides its outline).
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1")
  target.focus({ preventScroll: true })
}
