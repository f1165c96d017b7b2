import { EmailTaken, User, UserId } from "@ardine/domain"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Option, Schema } from "effect"
import { isUniqueViolation, mapSqlErrors } from "./sqlErrors.js"

const UserWithPassword = Schema.Struct({ ...User.fields, passwordHash: Schema.String })

export class UsersRepo extends Effect.Service<UsersRepo>()("@ardine/UsersRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    const insertUser = SqlSchema.single({
      Request: Schema.Struct({ email: Schema.String, name: Schema.String, passwordHash: Schema.String }),
      Result: User,
      execute: (row) => sql`INSERT INTO users ${sql.insert(row)} RETURNING id, email, name, created_at`,
    })

    const findByEmail = SqlSchema.findOne({
      Request: Schema.String,
      Result: UserWithPassword,
      execute: (email) => sql`SELECT id, email, name, created_at, password_hash FROM users WHERE email = ${email}`,
    })

    const findById = SqlSchema.findOne({
      Request: UserId,
      Result: User,
      execute: (id) => sql`SELECT id, email, name, created_at FROM users WHERE id = ${id}`,
    })

    return {
      insert: Effect.fn("UsersRepo.insert")(
        (row: { email: string; name: string; passwordHash: string }) =>
          insertUser(row).pipe(
            Effect.catchIf(
              (e) => isUniqueViolation(e, "users_email_key"),
              () => Effect.fail(new EmailTaken({ message: "An account with this email already exists" })),
            ),
          ),
        mapSqlErrors,
      ),
      findByEmail: Effect.fn("UsersRepo.findByEmail")(
        (email: string) =>
          findByEmail(email).pipe(
            Effect.map(Option.map(({ passwordHash, ...user }) => ({ user: new User(user), passwordHash }))),
          ),
        mapSqlErrors,
      ),
      findById: Effect.fn("UsersRepo.findById")((id: UserId) => findById(id), mapSqlErrors),
      /** Replaces a password hash made with older parameters (at log-in, when the password is at hand). */
      updatePasswordHash: Effect.fn("UsersRepo.updatePasswordHash")(
        (id: UserId, passwordHash: string) =>
          sql`UPDATE users SET password_hash = ${passwordHash} WHERE id = ${id}`.pipe(Effect.asVoid),
        mapSqlErrors,
      ),
    }
  }),
}) {}
