import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { dishJson } from "./support/dishJson.js"
import { solidSsr } from "./support/solidSsr.js"

const { load } = solidSsr()
// The API client reads the page's origin when its module loads; rendering here sends no request. Removed after
// this file: the web project's files share one thread (vitest.config.ts), and no other file expects a window.
beforeAll(() => {
  vi.stubGlobal("window", { location: { origin: "http://localhost" } })
})
afterAll(() => {
  vi.unstubAllGlobals()
})

const boardDish = {
  ...dishJson,
  modelStatus: "ready",
  geometry: {
    vessel: { kind: "board", widthCm: 30, depthCm: 20, heightCm: 2, color: "#a0522d", roughness: 0.6 },
    components: [
      {
        shape: "slices",
        widthCm: 8,
        heightCm: 1,
        position: { x: 0, z: 0 },
        count: 3,
        color: "#c8642a",
        roughness: 0.7,
      },
    ],
  },
}

type Render = (fn: () => unknown) => string
type Create = (component: unknown, props: object) => unknown

describe("the owner's shape editor", () => {
  it("shows the dish's own vessel kind, not the first in the list", async () => {
    const web = await load("solid-js/web")
    const { ModelEditor } = await load("/src/screens/owner/ModelEditor.tsx")
    const html = (web.renderToString as Render)(() =>
      (web.createComponent as Create)(ModelEditor, { dish: boardDish, onChanged: () => undefined }),
    )
    const selected = [...html.matchAll(/<option\b([^>]*)>([^<]*)<\/option>/g)].filter(([, attributes]) =>
      /\sselected\b/.test(attributes ?? ""),
    )
    expect(selected.map(([, , label]) => label)).toEqual(["Board"])
  })

  const render = async (dish: object) => {
    const web = await load("solid-js/web")
    const { ModelEditor } = await load("/src/screens/owner/ModelEditor.tsx")
    return (web.renderToString as Render)(() =>
      (web.createComponent as Create)(ModelEditor, { dish, onChanged: () => undefined }),
    )
  }

  it("shows a building model's progress as a labelled progress bar beside its badge", async () => {
    const html = await render({ ...boardDish, modelStatus: "generating", modelProgress: 42 })
    const bar = /<div\b([^>]*role="progressbar"[^>]*)>\s*<span\b([^>]*)>/.exec(html)
    expect(bar?.[1]).toContain('aria-label="3D model of Burrata"')
    expect(bar?.[1]).toContain('aria-valuenow="42"')
    expect(bar?.[1]).toContain('aria-valuemin="0"')
    expect(bar?.[1]).toContain('aria-valuemax="100"')
    expect(bar?.[2]).toMatch(/width:\s*42%/)
    expect(html).toMatch(/<span\b[^>]*class="badge badge-info"[^>]*role="status"[^>]*>Building 3D model · 42%<\/span>/)
  })

  it("leaves a failure's reason out of the badge: the notice below says it in full", async () => {
    const html = await render({ ...boardDish, modelStatus: "failed", failureReason: "photo too dark" })
    expect(html).toMatch(/<span\b[^>]*class="badge badge-danger"[^>]*role="status"[^>]*>3D model failed<\/span>/)
    expect(html.replace(/<!--.*?-->/g, "")).toContain("The 3D model could not be built: photo too dark")
    expect(html).not.toContain('role="progressbar"')
  })
})
