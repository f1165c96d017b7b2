import { createEffect } from "solid-js"

export const titleSuffix = " · Ardine"

/** Keeps the tab title in step with the screen, so people (and screen readers) know where they are. */
export const useTitle = (title: () => string): void => {
  createEffect(() => {
    document.title = `${title()}${titleSuffix}`
  })
}
