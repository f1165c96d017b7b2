import { Show } from "solid-js"

// A stable, pleasant hue per dish name, so dishes without a photo still look distinct and intended.
const hueOf = (name: string) => {
  let hash = 0
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360
  return 12 + (hash % 30)
}

const PlateIcon = () => (
  <svg viewBox="0 0 64 64" fill="none" stroke="currentColor" stroke-width="2.5" aria-hidden="true">
    <circle cx="32" cy="34" r="18" />
    <circle cx="32" cy="34" r="11" />
    <path d="M8 14v10a4 4 0 0 0 4 4v22M12 14v10M16 14v10a4 4 0 0 1-4 4" stroke-linecap="round" />
    <path d="M54 14c-4 2-5 8-5 14h5v22" stroke-linecap="round" stroke-linejoin="round" />
  </svg>
)

/** `srcset` of the photo's sized copies ("url 320w, url 800w"), or undefined when it has none yet. */
export const variantSrcset = (variants: ReadonlyArray<{ readonly width: number; readonly url: string }>) =>
  variants.length === 0 ? undefined : variants.map((v) => `${v.url} ${v.width}w`).join(", ")

/**
 * The dish photo, or a quiet placeholder card (never a fake model). Decorative: the dish name is nearby.
 * With sized copies, the browser picks the smallest that fills `sizes` (a menu thumbnail downloads a few kB);
 * the full JPEG photo stays the `src` for a browser that cannot read WebP or a dish without copies.
 */
export const DishPicture = (props: {
  imageUrl: string | null
  name: string
  eager?: boolean
  variants?: ReadonlyArray<{ readonly width: number; readonly type: string; readonly url: string }>
  /** How wide the picture is laid out (CSS lengths, as in the `sizes` attribute). */
  sizes?: string
}) => (
  <Show
    when={props.imageUrl}
    fallback={
      <div class="dish-placeholder" style={{ "--hue": String(hueOf(props.name)) }}>
        <PlateIcon />
      </div>
    }
  >
    {(src) => (
      <picture class="dish-picture">
        <Show when={variantSrcset(props.variants ?? [])}>
          {(srcset) => <source type="image/webp" srcset={srcset()} sizes={props.sizes ?? "100vw"} />}
        </Show>
        <img class="dish-photo" src={src()} alt="" loading={props.eager ? "eager" : "lazy"} decoding="async" />
      </picture>
    )}
  </Show>
)
