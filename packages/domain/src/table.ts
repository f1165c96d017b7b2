import { Schema } from "effect"
import { TableNumber } from "./restaurant.js"

// A table's QR code carries its token; placing an order needs it. 43 base64url characters (the database
// draws 244 random bits: database/migrations/0006_table_tokens.sql).
export const TableToken = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9_-]{43}$/),
  Schema.brand("TableToken"),
  Schema.annotations({ description: "Unguessable table token from the table's QR code (base64url)" }),
)
export type TableToken = typeof TableToken.Type

/** What an order may carry as its table token: any short string, so a wrong one is InvalidTableToken, not a 400. */
export const TableTokenInput = Schema.String.pipe(Schema.maxLength(128))

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
export const TABLE_CODE_LENGTH = 12

/**
 * The short code on a printed card (`/t/<code>`): 12 characters of Crockford's base32 (60 random bits).
 * What a person types is forgiven as Crockford's base32 says: any case, dashes and spaces ignored,
 * I and L read as 1, O as 0.
 */
export const normalizeTableCode = (typed: string): string =>
  typed.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0")

export const TableCode = Schema.String.pipe(
  Schema.maxLength(64),
  Schema.transform(Schema.String, { strict: true, decode: normalizeTableCode, encode: (code) => code }),
  Schema.filter((code) => code.length === TABLE_CODE_LENGTH && [...code].every((c) => crockford.includes(c)), {
    message: () => `must be the ${TABLE_CODE_LENGTH}-character code printed on the table's card`,
  }),
  Schema.brand("TableCode"),
)
export type TableCode = typeof TableCode.Type

/** A code as printed: three groups of four, easier to read out and type. */
export const formatTableCode = (code: string): string => code.match(/.{1,4}/g)?.join("-") ?? code

/** One table's QR token and short code, as its owner sees them (never on the public menu). */
export class TableAccess extends Schema.Class<TableAccess>("TableAccess")({
  table: TableNumber,
  token: TableToken,
  code: Schema.String,
  rotatedAt: Schema.Date,
}) {}

export class TableAccessList extends Schema.Class<TableAccessList>("TableAccessList")({
  tables: Schema.Array(TableAccess),
}) {}

/** Where a short code leads: the menu of its restaurant, at its table, with the table's token. */
export class TableLink extends Schema.Class<TableLink>("TableLink")({
  slug: Schema.String,
  table: TableNumber,
  token: TableToken,
}) {}
