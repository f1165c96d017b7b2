// The <model-viewer> library (with three.js, about 1 MB before compression) is a chunk of its own. The dish
// page needs it; a dish card asks for it as soon as a diner touches, hovers or focuses it, so that on a slow
// connection it is often already there when the dish page opens. One request, however often it is asked for.
let library: Promise<typeof import("@google/model-viewer")> | undefined

export const loadModelViewerLibrary = () => {
  if (library === undefined) {
    const loading = import("@google/model-viewer")
    library = loading
    // A failed download is not kept: the next touch (or the dish page) tries again.
    void loading.catch(() => {
      if (library === loading) library = undefined
    })
  }
  return library
}
