import {
  DishGeometry,
  type FoodComponent,
  type RectVessel,
  RectVesselKind,
  type RoundVessel,
  RoundVesselKind,
  type Vessel,
  type VesselKind,
} from "@ardine/domain"
import { Either, ParseResult, Schema } from "effect"

// The owner's corrections to a dish's shape: the vessel (kind, size, colour) and each food
// component's colour and size. Checked with the domain's DishGeometry, the schema the server and
// the model builder use, so the form refuses exactly what the server would.

export const vesselKindLabels: { readonly [K in VesselKind]: string } = {
  plate: "Plate",
  "deep-plate": "Deep plate",
  bowl: "Bowl",
  glass: "Glass",
  cup: "Cup",
  board: "Board",
  tray: "Tray",
  none: "No vessel (straight on the table)",
}

export const vesselKinds = Object.keys(vesselKindLabels) as ReadonlyArray<VesselKind>

/** Input bounds, the same as the schema's (`Schema.between`), for the number inputs' min and max. */
export const bounds = {
  roundDiameterCm: { min: 5, max: 60 },
  roundHeightCm: { min: 0.5, max: 30 },
  rectSideCm: { min: 5, max: 60 },
  rectHeightCm: { min: 0.5, max: 8 },
  componentWidthCm: { min: 0.3, max: 60 },
  componentHeightCm: { min: 0.1, max: 30 },
} as const

const clamp = (value: number, range: { readonly min: number; readonly max: number }) =>
  Number.isFinite(value) ? Math.min(range.max, Math.max(range.min, value)) : range.min

const isRoundKind = Schema.is(RoundVesselKind)
const isRectKind = Schema.is(RectVesselKind)

const DEFAULT_COLOR = "#f4f1ea"

/** Switching the vessel's kind keeps what still makes sense (size, colour) within the new bounds. */
export const changeVesselKind = (vessel: Vessel, kind: VesselKind): Vessel => {
  if (kind === vessel.kind) return vessel
  const color = vessel.kind === "none" ? DEFAULT_COLOR : vessel.color
  const roughness = vessel.kind === "none" ? 0.4 : vessel.roughness
  const size = vessel.kind === "none" ? 26 : "diameterCm" in vessel ? vessel.diameterCm : vessel.widthCm
  const height = vessel.kind === "none" ? 2.5 : vessel.heightCm
  if (isRoundKind(kind)) {
    const round: RoundVessel = {
      kind,
      diameterCm: clamp(size, bounds.roundDiameterCm),
      heightCm: clamp(height, bounds.roundHeightCm),
      color,
      roughness,
      ...(vessel.kind !== "none" && vessel.rimCm !== undefined ? { rimCm: vessel.rimCm } : {}),
    }
    return round
  }
  if (isRectKind(kind)) {
    const depth = vessel.kind !== "none" && "depthCm" in vessel ? vessel.depthCm : size
    const rect: RectVessel = {
      kind,
      widthCm: clamp(size, bounds.rectSideCm),
      depthCm: clamp(depth, bounds.rectSideCm),
      heightCm: clamp(height, bounds.rectHeightCm),
      color,
      roughness,
    }
    return rect
  }
  return { kind: "none" }
}

/** A number field's text as the schema sees it: an empty or malformed field is NaN (not finite). */
export const readNumber = (text: string): number => {
  const trimmed = text.trim().replace(",", ".")
  return trimmed === "" ? Number.NaN : Number(trimmed)
}

export const withVessel = (geometry: DishGeometry, vessel: Vessel): DishGeometry => ({ ...geometry, vessel })

export const withComponent = (
  geometry: DishGeometry,
  index: number,
  change: Partial<Pick<FoodComponent, "color" | "widthCm" | "heightCm">>,
): DishGeometry => ({
  ...geometry,
  components: geometry.components.map((component, i) => (i === index ? { ...component, ...change } : component)),
})

/**
 * Checks a draft with the domain schema. Errors are keyed by their path (`vessel.diameterCm`,
 * `components.0.color`, or `form` for the whole shape), the first message per field.
 */
export const checkGeometry = (draft: DishGeometry): Either.Either<DishGeometry, Readonly<Record<string, string>>> =>
  Schema.decodeUnknownEither(DishGeometry)(draft, { errors: "all" }).pipe(
    Either.mapLeft((error) => {
      const result: Record<string, string> = {}
      for (const issue of ParseResult.ArrayFormatter.formatErrorSync(error)) {
        const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "form"
        result[key] ??= issue.message
      }
      return result
    }),
  )

const shapeLabels: { readonly [S in FoodComponent["shape"]]: string } = {
  mound: "Mound",
  dome: "Dome",
  disc: "Disc",
  stack: "Stack",
  slices: "Slices",
  wedge: "Wedges",
  scoops: "Scoops",
  cylinder: "Cylinder",
  liquid: "Liquid",
  nest: "Nest",
  garnish: "Garnish",
}

export const componentLabel = (component: FoodComponent, index: number) =>
  `${index + 1}. ${shapeLabels[component.shape]}${component.count > 1 ? ` ×${component.count}` : ""}`
