import { type RestaurantId, TableAccess, TableLink } from "@ardine/domain"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Option, Schema } from "effect"
import { tableCodeCollisionRetry } from "../RetryPolicies.js"
import { isUniqueViolation, mapSqlErrors } from "./sqlErrors.js"

// Tokens and codes are drawn by the database (table_token(), table_code(): migration 0006), which also keeps
// one for every table 1..table_count. Here they are read, checked and rotated.
const columns = `table_number AS "table", token, code, rotated_at`

const Table = Schema.Struct({ restaurantId: Schema.String, table: Schema.Int })

export class TableTokensRepo extends Effect.Service<TableTokensRepo>()("@ardine/TableTokensRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    const list = SqlSchema.findAll({
      Request: Schema.Struct({ restaurantId: Schema.String, tableCount: Schema.Int }),
      Result: TableAccess,
      execute: ({ restaurantId, tableCount }) =>
        sql`SELECT ${sql.literal(columns)} FROM table_tokens
            WHERE restaurant_id = ${restaurantId} AND table_number <= ${tableCount} ORDER BY table_number`,
    })

    const tokenOf = SqlSchema.findOne({
      Request: Table,
      Result: Schema.Struct({ token: Schema.String }),
      execute: ({ restaurantId, table }) =>
        sql`SELECT token FROM table_tokens WHERE restaurant_id = ${restaurantId} AND table_number = ${table}`,
    })

    // Only tables the restaurant has now: a card of a table since removed leads nowhere.
    const byCode = SqlSchema.findOne({
      Request: Schema.String,
      Result: TableLink,
      execute: (code) =>
        sql`SELECT r.slug, t.table_number AS "table", t.token
            FROM table_tokens t JOIN restaurants r ON r.id = t.restaurant_id
            WHERE t.code = ${code} AND t.table_number <= r.table_count`,
    })

    const rotate = (restaurantId: RestaurantId, tableCount: number, table: number | undefined) =>
      sql`UPDATE table_tokens SET token = DEFAULT, code = DEFAULT, rotated_at = now()
          WHERE restaurant_id = ${restaurantId} AND table_number <= ${tableCount}
          ${table === undefined ? sql`` : sql`AND table_number = ${table}`}
          RETURNING ${sql.literal(columns)}`.pipe(
        // A code another table already has (60 bits: practically never) is simply drawn again.
        Effect.retry({
          schedule: tableCodeCollisionRetry,
          while: (e) => isUniqueViolation(e, "table_tokens_code_key"),
        }),
        Effect.flatMap(Schema.decodeUnknown(Schema.Array(TableAccess))),
        Effect.map((rows) => [...rows].sort((a, b) => a.table - b.table)),
      )

    return {
      list: Effect.fn("TableTokensRepo.list")(
        (restaurantId: RestaurantId, tableCount: number) => list({ restaurantId, tableCount }),
        mapSqlErrors,
      ),
      /** The table's current token, to compare with what an order carries. */
      tokenOf: Effect.fn("TableTokensRepo.tokenOf")(
        (restaurantId: RestaurantId, table: number) =>
          Effect.map(
            tokenOf({ restaurantId, table }),
            Option.map((row) => row.token),
          ),
        mapSqlErrors,
      ),
      findByCode: Effect.fn("TableTokensRepo.findByCode")((code: string) => byCode(code), mapSqlErrors),
      /** New token and code for one table, or for all of them: the old cards stop working at once. */
      rotate: Effect.fn("TableTokensRepo.rotate")(rotate, mapSqlErrors),
    }
  }),
}) {}
