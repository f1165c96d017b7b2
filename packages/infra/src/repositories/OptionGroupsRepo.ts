import {
  type CreateDishOptionRequest,
  DishId,
  type DishOptionId,
  MAX_OPTION_GROUPS_PER_DISH,
  MAX_OPTIONS_PER_GROUP,
  NotFound,
  OptionGroup,
  type OptionGroupId,
  type OptionGroupRules,
  OptionGroupRulesInvalid,
  OptionLimitReached,
  type OptionTranslations,
  optionGroupRulesProblem,
  ReorderMismatch,
  RestaurantId,
  rulesAfterUpdate,
  type UpdateDishOptionRequest,
  type UpdateOptionGroupRequest,
} from "@ardine/domain"
import type { SqlClient } from "@effect/sql"
import { SqlSchema } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Effect, Schema } from "effect"
import { dishNotFound } from "./DishesRepo.js"
import { inTransaction, mapSqlErrors } from "./sqlErrors.js"

export const optionGroupNotFound = new NotFound({ resource: "option-group", message: "Option group not found" })
export const optionNotFound = new NotFound({ resource: "option", message: "Option not found" })

// One statement reads a group with its options, so a reader never sees a group without them.
const groupSelect = `
  g.id, g.dish_id, g.name, g.selection, g.min_selections >= 1 AS required, g.min_selections, g.max_selections,
  g.position, g.translations,
  (SELECT coalesce(json_agg(json_build_object(
      'id', o.id, 'name', o.name, 'priceDeltaMinor', o.price_delta_minor, 'available', o.available,
      'position', o.position, 'translations', o.translations) ORDER BY o.position), '[]')
   FROM dish_options o WHERE o.group_id = g.id) AS options
  FROM dish_option_groups g`

export type NewDishOption = Omit<CreateDishOptionRequest, "translations"> & {
  readonly translations?: OptionTranslations | undefined
}

export interface NewOptionGroup {
  readonly name: string
  readonly rules: OptionGroupRules
  readonly options: ReadonlyArray<NewDishOption>
  readonly translations?: OptionTranslations | undefined
}

// Languages sent replace their names, the others stay (as a dish's translations do).
const mergeTranslations = (sql: PgClient.PgClient, translations: OptionTranslations | undefined) =>
  translations === undefined ? sql`translations` : sql`translations || ${sql.json(translations)}`

const rulesInvalid = (rules: OptionGroupRules) => {
  const problem = optionGroupRulesProblem(rules)
  return problem === undefined ? Effect.void : Effect.fail(new OptionGroupRulesInvalid({ message: problem }))
}

const groupLimit = new OptionLimitReached({
  limit: MAX_OPTION_GROUPS_PER_DISH,
  message: `A dish has at most ${MAX_OPTION_GROUPS_PER_DISH} option groups`,
})
const optionLimit = new OptionLimitReached({
  limit: MAX_OPTIONS_PER_GROUP,
  message: `A group has at most ${MAX_OPTIONS_PER_GROUP} options`,
})

/** Every id exactly once: a reorder must name all the current ones, nothing else. */
const sameIds = (current: ReadonlyArray<string>, given: ReadonlyArray<string>) =>
  current.length === given.length && given.every((id) => current.includes(id))

export class OptionGroupsRepo extends Effect.Service<OptionGroupsRepo>()("@ardine/OptionGroupsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* PgClient.PgClient

    const listForDishes = SqlSchema.findAll({
      Request: Schema.Struct({ restaurantId: RestaurantId, dishIds: Schema.Array(DishId) }),
      Result: OptionGroup,
      execute: ({ restaurantId, dishIds }) =>
        sql`SELECT ${sql.literal(groupSelect)} WHERE g.restaurant_id = ${restaurantId} AND ${sql.in("g.dish_id", dishIds)}
            ORDER BY g.dish_id, g.position`,
    })

    const listForRestaurant = SqlSchema.findAll({
      Request: RestaurantId,
      Result: OptionGroup,
      execute: (restaurantId) =>
        sql`SELECT ${sql.literal(groupSelect)} WHERE g.restaurant_id = ${restaurantId} ORDER BY g.dish_id, g.position`,
    })

    const readGroup = (id: string) =>
      sql`SELECT ${sql.literal(groupSelect)} WHERE g.id = ${id}`.pipe(
        Effect.flatMap((rows) => Schema.decodeUnknown(OptionGroup)(rows[0])),
      )

    const listDish = (restaurantId: RestaurantId, dishId: DishId) => listForDishes({ restaurantId, dishIds: [dishId] })

    const dishExists = (restaurantId: RestaurantId, dishId: DishId) =>
      sql`SELECT 1 FROM dishes WHERE id = ${dishId} AND restaurant_id = ${restaurantId}`.pipe(
        Effect.flatMap((rows) => (rows.length === 0 ? Effect.fail(dishNotFound) : Effect.void)),
      )

    // Every write to a dish's groups holds the dish's row: positions are handed out one writer at a time.
    const lockDish = (restaurantId: RestaurantId, dishId: DishId) =>
      sql`SELECT id FROM dishes WHERE id = ${dishId} AND restaurant_id = ${restaurantId} FOR UPDATE`.pipe(
        Effect.flatMap((rows) => (rows.length === 0 ? Effect.fail(dishNotFound) : Effect.void)),
      )

    const lockGroup = (restaurantId: RestaurantId, dishId: DishId, groupId: OptionGroupId) =>
      Effect.zipRight(
        lockDish(restaurantId, dishId),
        sql<{ minSelections: number; maxSelections: number; selection: "single" | "multiple" }>`
          SELECT selection, min_selections, max_selections FROM dish_option_groups
          WHERE id = ${groupId} AND dish_id = ${dishId} AND restaurant_id = ${restaurantId}`.pipe(
          Effect.flatMap((rows) =>
            rows[0] === undefined ? Effect.fail(optionGroupNotFound) : Effect.succeed(rows[0]),
          ),
        ),
      )

    const insertOptions = (groupId: string, options: ReadonlyArray<NewDishOption>, from: number) =>
      options.length === 0
        ? Effect.void
        : sql`INSERT INTO dish_options ${sql.insert(
            options.map((option, index) => ({
              groupId,
              name: option.name,
              priceDeltaMinor: option.priceDeltaMinor,
              available: option.available,
              position: from + index,
              translations: sql.json(option.translations ?? {}),
            })),
          )}`

    const insertGroup = (restaurantId: RestaurantId, dishId: DishId, group: NewOptionGroup) =>
      Effect.gen(function* () {
        const [count] = yield* sql<{ n: number }>`
          SELECT count(*)::int AS n FROM dish_option_groups WHERE dish_id = ${dishId}`
        const position = count?.n ?? 0
        if (position >= MAX_OPTION_GROUPS_PER_DISH) return yield* Effect.fail(groupLimit)
        const [row] = yield* sql<{ id: string }>`INSERT INTO dish_option_groups ${sql.insert({
          restaurantId,
          dishId,
          name: group.name,
          selection: group.rules.selection,
          minSelections: group.rules.minSelections,
          maxSelections: group.rules.maxSelections,
          position,
          translations: sql.json(group.translations ?? {}),
        })} RETURNING id`
        if (row === undefined) return yield* Effect.dieMessage("option group insert returned no id")
        yield* insertOptions(row.id, group.options, 0)
        return yield* readGroup(row.id)
      })

    // Closes the gap a deleted row leaves, so positions stay 0..n-1.
    const renumberGroups = (dishId: DishId) =>
      sql`UPDATE dish_option_groups g SET position = r.n
          FROM (SELECT id, (row_number() OVER (ORDER BY position) - 1)::int AS n
                FROM dish_option_groups WHERE dish_id = ${dishId}) r
          WHERE g.id = r.id AND g.position <> r.n`
    const renumberOptions = (groupId: OptionGroupId) =>
      sql`UPDATE dish_options o SET position = r.n
          FROM (SELECT id, (row_number() OVER (ORDER BY position) - 1)::int AS n
                FROM dish_options WHERE group_id = ${groupId}) r
          WHERE o.id = r.id AND o.position <> r.n`

    const touchGroup = (groupId: OptionGroupId) =>
      sql`UPDATE dish_option_groups SET updated_at = now() WHERE id = ${groupId}`

    const transact = inTransaction(sql)

    return {
      /** A dish's groups in order, every option with its availability (the owner's view, and pricing's). */
      listForDish: Effect.fn("OptionGroupsRepo.listForDish")(
        (restaurantId: RestaurantId, dishId: DishId) =>
          Effect.zipRight(dishExists(restaurantId, dishId), listDish(restaurantId, dishId)),
        mapSqlErrors,
      ),
      /** The groups of these dishes of this restaurant; other restaurants' dishes simply have none. */
      listForDishes: Effect.fn("OptionGroupsRepo.listForDishes")(
        (restaurantId: RestaurantId, dishIds: ReadonlyArray<DishId>) =>
          dishIds.length === 0 ? Effect.succeed([]) : listForDishes({ restaurantId, dishIds }),
        mapSqlErrors,
      ),
      /** Every group of the restaurant (for its public menu). */
      listForRestaurant: Effect.fn("OptionGroupsRepo.listForRestaurant")(
        (restaurantId: RestaurantId) => listForRestaurant(restaurantId),
        mapSqlErrors,
      ),
      createGroup: Effect.fn("OptionGroupsRepo.createGroup")(
        (restaurantId: RestaurantId, dishId: DishId, group: NewOptionGroup) =>
          transact(
            Effect.gen(function* () {
              yield* rulesInvalid(group.rules)
              yield* lockDish(restaurantId, dishId)
              return yield* insertGroup(restaurantId, dishId, group)
            }),
          ),
        mapSqlErrors,
      ),
      updateGroup: Effect.fn("OptionGroupsRepo.updateGroup")(
        (restaurantId: RestaurantId, dishId: DishId, groupId: OptionGroupId, update: UpdateOptionGroupRequest) =>
          transact(
            Effect.gen(function* () {
              const current = yield* lockGroup(restaurantId, dishId, groupId)
              const rules = rulesAfterUpdate({ ...current, required: current.minSelections >= 1 }, update)
              yield* rulesInvalid(rules)
              yield* sql`UPDATE dish_option_groups SET
                  name = ${update.name ?? sql`name`}, selection = ${rules.selection},
                  min_selections = ${rules.minSelections}, max_selections = ${rules.maxSelections},
                  translations = ${mergeTranslations(sql, update.translations)}, updated_at = now()
                WHERE id = ${groupId}`
              return yield* readGroup(groupId)
            }),
          ),
        mapSqlErrors,
      ),
      deleteGroup: Effect.fn("OptionGroupsRepo.deleteGroup")(
        (restaurantId: RestaurantId, dishId: DishId, groupId: OptionGroupId) =>
          transact(
            Effect.gen(function* () {
              yield* lockGroup(restaurantId, dishId, groupId)
              yield* sql`DELETE FROM dish_option_groups WHERE id = ${groupId}`
              yield* renumberGroups(dishId)
            }),
          ),
        mapSqlErrors,
      ),
      reorderGroups: Effect.fn("OptionGroupsRepo.reorderGroups")(
        (restaurantId: RestaurantId, dishId: DishId, groupIds: ReadonlyArray<OptionGroupId>) =>
          transact(
            Effect.gen(function* () {
              yield* lockDish(restaurantId, dishId)
              const current = yield* sql<{ id: string }>`
                SELECT id FROM dish_option_groups WHERE dish_id = ${dishId} ORDER BY position`
              const ids = current.map((row) => row.id)
              if (!sameIds(ids, groupIds)) {
                return yield* Effect.fail(
                  new ReorderMismatch({ expected: ids, message: "Name every group of the dish exactly once" }),
                )
              }
              yield* positionsInOrder(sql, "dish_option_groups", groupIds)
              return yield* listDish(restaurantId, dishId)
            }),
          ),
        mapSqlErrors,
      ),
      /** Copies a group and its options to other dishes of the same restaurant, each as its last group. */
      copyGroup: Effect.fn("OptionGroupsRepo.copyGroup")(
        (restaurantId: RestaurantId, dishId: DishId, groupId: OptionGroupId, targets: ReadonlyArray<DishId>) =>
          transact(
            Effect.gen(function* () {
              yield* lockGroup(restaurantId, dishId, groupId)
              const source = yield* readGroup(groupId)
              const copies: Array<OptionGroup> = []
              for (const target of targets) {
                if (target !== dishId) yield* lockDish(restaurantId, target)
                const rules = { ...source }
                const options = source.options.map(({ name, priceDeltaMinor, available, translations }) => ({
                  name,
                  priceDeltaMinor,
                  available,
                  translations,
                }))
                copies.push(
                  yield* insertGroup(restaurantId, target, {
                    name: source.name,
                    rules,
                    options,
                    translations: source.translations,
                  }),
                )
              }
              return copies
            }),
          ),
        mapSqlErrors,
      ),
      createOption: Effect.fn("OptionGroupsRepo.createOption")(
        (restaurantId: RestaurantId, dishId: DishId, groupId: OptionGroupId, option: CreateDishOptionRequest) =>
          transact(
            Effect.gen(function* () {
              yield* lockGroup(restaurantId, dishId, groupId)
              const [count] = yield* sql<{ n: number }>`
                SELECT count(*)::int AS n FROM dish_options WHERE group_id = ${groupId}`
              const position = count?.n ?? 0
              if (position >= MAX_OPTIONS_PER_GROUP) return yield* Effect.fail(optionLimit)
              yield* insertOptions(groupId, [option], position)
              yield* touchGroup(groupId)
              return yield* readGroup(groupId)
            }),
          ),
        mapSqlErrors,
      ),
      updateOption: Effect.fn("OptionGroupsRepo.updateOption")(
        (
          restaurantId: RestaurantId,
          dishId: DishId,
          groupId: OptionGroupId,
          optionId: DishOptionId,
          update: UpdateDishOptionRequest,
        ) =>
          transact(
            Effect.gen(function* () {
              yield* lockGroup(restaurantId, dishId, groupId)
              const rows = yield* sql`UPDATE dish_options SET
                  name = ${update.name ?? sql`name`},
                  price_delta_minor = ${update.priceDeltaMinor ?? sql`price_delta_minor`},
                  available = ${update.available ?? sql`available`},
                  translations = ${mergeTranslations(sql, update.translations)}
                WHERE id = ${optionId} AND group_id = ${groupId} RETURNING id`
              if (rows.length === 0) return yield* Effect.fail(optionNotFound)
              yield* touchGroup(groupId)
              return yield* readGroup(groupId)
            }),
          ),
        mapSqlErrors,
      ),
      deleteOption: Effect.fn("OptionGroupsRepo.deleteOption")(
        (restaurantId: RestaurantId, dishId: DishId, groupId: OptionGroupId, optionId: DishOptionId) =>
          transact(
            Effect.gen(function* () {
              yield* lockGroup(restaurantId, dishId, groupId)
              const rows = yield* sql`DELETE FROM dish_options WHERE id = ${optionId} AND group_id = ${groupId}
                RETURNING id`
              if (rows.length === 0) return yield* Effect.fail(optionNotFound)
              yield* renumberOptions(groupId)
              yield* touchGroup(groupId)
              return yield* readGroup(groupId)
            }),
          ),
        mapSqlErrors,
      ),
      reorderOptions: Effect.fn("OptionGroupsRepo.reorderOptions")(
        (restaurantId: RestaurantId, dishId: DishId, groupId: OptionGroupId, optionIds: ReadonlyArray<DishOptionId>) =>
          transact(
            Effect.gen(function* () {
              yield* lockGroup(restaurantId, dishId, groupId)
              const current = yield* sql<{ id: string }>`
                SELECT id FROM dish_options WHERE group_id = ${groupId} ORDER BY position`
              const ids = current.map((row) => row.id)
              if (!sameIds(ids, optionIds)) {
                return yield* Effect.fail(
                  new ReorderMismatch({ expected: ids, message: "Name every option of the group exactly once" }),
                )
              }
              yield* positionsInOrder(sql, "dish_options", optionIds)
              yield* touchGroup(groupId)
              return yield* readGroup(groupId)
            }),
          ),
        mapSqlErrors,
      ),
    }
  }),
}) {}

/**
 * Gives each row its index in `ids` as its position, in one statement: the unique position constraint is
 * checked at the statement's end, so swapping two is allowed.
 */
const positionsInOrder = (
  sql: SqlClient.SqlClient,
  table: "dish_option_groups" | "dish_options",
  ids: ReadonlyArray<string>,
) =>
  sql`UPDATE ${sql.literal(table)} t SET position = v.position
      FROM (SELECT value::uuid AS id, (ordinality - 1)::int AS position
            FROM jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) WITH ORDINALITY) v
      WHERE t.id = v.id`
