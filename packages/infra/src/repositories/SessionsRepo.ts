import { User, type UserId } from "@ardine/domain"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Schema } from "effect"

export class SessionsRepo extends Effect.Service<SessionsRepo>()("@ardine/SessionsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    const findUser = SqlSchema.findOne({
      Request: Schema.String,
      Result: User,
      execute: (tokenHash) => sql`
        SELECT u.id, u.email, u.name, u.created_at
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ${tokenHash} AND s.expires_at > now()`,
    })

    return {
      create: Effect.fn("SessionsRepo.create")((tokenHash: string, userId: UserId, expiresAt: Date) =>
        sql`INSERT INTO sessions ${sql.insert({ tokenHash, userId, expiresAt })}`.pipe(Effect.asVoid),
      ),
      /** The session's user, if the session exists and has not expired. */
      findUser: Effect.fn("SessionsRepo.findUser")((tokenHash: string) => findUser(tokenHash)),
      delete: Effect.fn("SessionsRepo.delete")((tokenHash: string) =>
        sql`DELETE FROM sessions WHERE token_hash = ${tokenHash}`.pipe(Effect.asVoid),
      ),
      deleteExpired: Effect.fn("SessionsRepo.deleteExpired")(() =>
        sql`DELETE FROM sessions WHERE expires_at <= now()`.pipe(Effect.asVoid),
      ),
      deleteIfExpired: Effect.fn("SessionsRepo.deleteIfExpired")((tokenHash: string) =>
        sql`DELETE FROM sessions WHERE token_hash = ${tokenHash} AND expires_at <= now()`.pipe(Effect.asVoid),
      ),
    }
  }),
}) {}
