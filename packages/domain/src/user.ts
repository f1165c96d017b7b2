import { Schema } from "effect"
import { UserId } from "./ids.js"
import { hasForbiddenCharacters, Line } from "./text.js"

export const Email = Schema.Trim.pipe(
  Schema.maxLength(254),
  Schema.filter((s) => !hasForbiddenCharacters(s) || "must not contain control characters or invalid UTF-8"),
  Schema.pattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: () => "must be an email address" }),
  Schema.transform(Schema.String, { strict: true, decode: (s) => s.toLowerCase(), encode: (s) => s }),
)

export const Password = Schema.String.pipe(
  Schema.filter((s) => !hasForbiddenCharacters(s) || "must not contain control characters or invalid UTF-8"),
  Schema.minLength(10, { message: () => "must be at least 10 characters" }),
  Schema.maxLength(200, { message: () => "must be at most 200 characters" }),
)

export class User extends Schema.Class<User>("User")({
  id: UserId,
  email: Schema.String,
  name: Schema.String,
  createdAt: Schema.Date,
}) {}

export class SignUpRequest extends Schema.Class<SignUpRequest>("SignUpRequest")({
  email: Email,
  password: Password,
  name: Line(120),
}) {}

export class LogInRequest extends Schema.Class<LogInRequest>("LogInRequest")({
  email: Email,
  password: Schema.String.pipe(Schema.maxLength(200)),
}) {}
