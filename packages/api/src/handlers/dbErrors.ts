import { mapSqlErrors } from "@ardine/infra"

/**
 * Repository methods map their SQL errors themselves now (infra's `mapSqlErrors`); this name remains for
 * callers not yet moved and maps whatever raw statement errors they still pass through the same way.
 * @deprecated wrap nothing: call the repository method directly.
 */
export const dbErrors = mapSqlErrors
