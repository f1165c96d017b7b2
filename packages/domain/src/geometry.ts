import { Schema } from "effect"

// The shape of a dish as the AI (or the local analyzer) describes it; the worker builds the 3D model from it.
// AI output is untrusted, so every number is finite and bounded, every list is capped and every enum closed.

const bounded = (min: number, max: number, description: string) =>
  Schema.Number.pipe(Schema.finite(), Schema.between(min, max), Schema.annotations({ description }))

/** An sRGB colour as `#rrggbb`. */
export const HexColor = Schema.String.pipe(
  Schema.pattern(/^#[0-9a-fA-F]{6}$/, { message: () => "must be a colour like #a1b2c3" }),
  Schema.annotations({ description: "sRGB colour as #rrggbb" }),
)
export type HexColor = typeof HexColor.Type

const Roughness = bounded(0, 1, "0 = mirror-smooth, 1 = fully matte")

export const RoundVesselKind = Schema.Literal("plate", "bowl", "deep-plate", "glass", "cup")
export type RoundVesselKind = typeof RoundVesselKind.Type

export const RectVesselKind = Schema.Literal("board", "tray")
export type RectVesselKind = typeof RectVesselKind.Type

export const VesselKind = Schema.Literal(...RoundVesselKind.literals, ...RectVesselKind.literals, "none")
export type VesselKind = typeof VesselKind.Type

/** Plates, bowls, glasses and cups: surfaces of revolution. */
export const RoundVessel = Schema.Struct({
  kind: RoundVesselKind,
  diameterCm: bounded(5, 60, "outer diameter at the rim, in cm"),
  heightCm: bounded(0.5, 30, "total height from the table to the rim, in cm"),
  rimCm: Schema.optional(bounded(0, 10, "width of the flat rim band, in cm (plates and bowls)")),
  color: HexColor,
  roughness: Roughness,
})
export type RoundVessel = typeof RoundVessel.Type

/** Boards and trays: rounded rectangles. */
export const RectVessel = Schema.Struct({
  kind: RectVesselKind,
  widthCm: bounded(5, 60, "outer size along x (left-right in the photo), in cm"),
  depthCm: bounded(5, 60, "outer size along z (top-bottom in the photo), in cm"),
  heightCm: bounded(0.5, 8, "total height from the table to the top edge, in cm"),
  rimCm: Schema.optional(bounded(0, 10, "width of a tray's raised border, in cm")),
  color: HexColor,
  roughness: Roughness,
})
export type RectVessel = typeof RectVessel.Type

/** Food served straight on the table (a burger in its wrapper, bread). */
export const NoVessel = Schema.Struct({ kind: Schema.Literal("none") })
export type NoVessel = typeof NoVessel.Type

export const Vessel = Schema.Union(RoundVessel, RectVessel, NoVessel)
export type Vessel = typeof Vessel.Type

export const ComponentShape = Schema.Literal(
  "mound",
  "dome",
  "disc",
  "stack",
  "slices",
  "wedge",
  "scoops",
  "cylinder",
  "liquid",
  "nest",
  "garnish",
)
export type ComponentShape = typeof ComponentShape.Type

/** One food element: its footprint is a circle of `widthCm` centred at `position`. */
export const FoodComponent = Schema.Struct({
  shape: ComponentShape,
  widthCm: bounded(0.3, 60, "diameter of the footprint seen from above, in cm"),
  heightCm: bounded(0.1, 30, "height above the surface it rests on, in cm (liquid: depth)"),
  position: Schema.Struct({
    x: bounded(-1, 1, "left-right offset as a fraction of the vessel's inner radius"),
    z: bounded(-1, 1, "top-bottom (away-toward) offset as a fraction of the vessel's inner radius"),
  }),
  count: Schema.Int.pipe(
    Schema.between(1, 24),
    Schema.annotations({ description: "number of pieces (scoops, slices, stack layers, wedges, rolls, garnish)" }),
  ),
  color: HexColor,
  roughness: Roughness,
  gloss: Schema.optional(bounded(0, 1, "extra sheen of a glaze or sauce")),
})
export type FoodComponent = typeof FoodComponent.Type

export const MAX_COMPONENTS = 12

export const DishGeometry = Schema.Struct({
  vessel: Vessel,
  components: Schema.Array(FoodComponent).pipe(Schema.maxItems(MAX_COMPONENTS)),
}).pipe(
  Schema.filter(
    (g) =>
      g.vessel.kind !== "none" || g.components.length > 0 || "a dish without a vessel needs at least one component",
  ),
  Schema.annotations({
    identifier: "DishGeometry",
    description: "Real-scale shape of a dish, used to build its 3D model",
  }),
)
export type DishGeometry = typeof DishGeometry.Type
