import { describe, expect, it } from "vitest"
import { dishJson } from "./support/dishJson.js"
import { solidSsr } from "./support/solidSsr.js"

// The real components, compiled by Solid for server rendering and rendered to HTML: what a browser gets.
const { load } = solidSsr()

const variants = [
  { width: 320, type: "image/webp", url: "/storage/dish-images/p-320w.webp" },
  { width: 800, type: "image/webp", url: "/storage/dish-images/p-800w.webp" },
]

/** A dish as the public menu carries it: with its option groups (none here). */
const asMenuDish = (dish: object) => ({ optionGroups: [], ...dish })

/** Server-renders `screen` at `url` (routed by `path`) inside the diner's context, with a one-dish menu. */
const renderDiner = async (dish: object, url: string, path: string, screen: () => unknown) => {
  const { renderToString, createComponent } = await load("solid-js/web")
  const { Route, Router } = await load("@solidjs/router")
  const { DinerContext } = await load("/src/screens/diner/dinerContext.ts")
  const menu = { restaurant: { currency: "EUR", taxRateBps: 1000 }, dishes: [asMenuDish(dish)] }
  const diner = { slug: "demo", menu: () => menu, cart: { cart: () => ({ lines: [] }) }, menuHref: () => "/r/demo" }
  return renderToString(() =>
    createComponent(Router, {
      url,
      get children() {
        return createComponent(Route, {
          path,
          component: () =>
            createComponent(DinerContext.Provider, {
              value: diner,
              get children() {
                return screen()
              },
            }),
        })
      },
    }),
  ) as string
}

const renderCard = async (dish: object) => {
  const { createComponent } = await load("solid-js/web")
  const { DishCard } = await load("/src/screens/diner/DishCard.tsx")
  return renderDiner(dish, "/r/demo", "/r/:slug", () =>
    createComponent(DishCard, { dish: asMenuDish(dish), tableQuery: "", eager: true }),
  )
}

const attribute = (html: string, tag: string, name: string) =>
  new RegExp(`<${tag}\\b[^>]*\\s${name}="([^"]*)"`).exec(html)?.[1]

describe("the diner's menu card picture", () => {
  it("offers the sized WebP copies with srcset and sizes, the full photo as the fallback src", async () => {
    const html = await renderCard({ ...dishJson, imageVariants: variants })
    expect(attribute(html, "source", "type")).toBe("image/webp")
    expect(attribute(html, "source", "srcset")).toBe(
      "/storage/dish-images/p-320w.webp 320w, /storage/dish-images/p-800w.webp 800w",
    )
    // The card is 6.5rem (104 px) wide: a 3x screen needs 312 px, so the 320 px copy is the one fetched.
    expect(attribute(html, "source", "sizes")).toBe("6.5rem")
    expect(attribute(html, "img", "src")).toBe(dishJson.imageUrl)
  })

  it("without copies (not made yet) shows the photo alone", async () => {
    const html = await renderCard({ ...dishJson, imageVariants: [] })
    expect(html).not.toContain("<source")
    expect(attribute(html, "img", "src")).toBe(dishJson.imageUrl)
  })
})

describe("the dish page's picture", () => {
  it("offers the sized copies with srcset and sizes for the photo stage", async () => {
    const { createComponent } = await load("solid-js/web")
    const { default: DishDetail } = await load("/src/screens/diner/DishDetail.tsx")
    const dish = { ...dishJson, imageVariants: variants }
    const html = await renderDiner(dish, `/r/demo/dish/${dishJson.id}`, "/r/:slug/dish/:dishId", () =>
      createComponent(DishDetail, {}),
    )
    expect(attribute(html, "source", "srcset")).toBe(
      "/storage/dish-images/p-320w.webp 320w, /storage/dish-images/p-800w.webp 800w",
    )
    expect(attribute(html, "source", "sizes")).toBe("(min-width: 56rem) 38rem, 100vw")
    expect(attribute(html, "img", "src")).toBe(dishJson.imageUrl)
  })
})
