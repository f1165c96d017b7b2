import { ArdineServerApi, type RestaurantId } from "@ardine/domain"
import { FetchHttpClient, HttpApiClient } from "@effect/platform"
import { Effect, Either } from "effect"
import { failure, networkError, success, unexpectedResponse } from "./outcome.js"

// The day view's own client, built like the shared one (client.ts) but from ArdineServerApi, which adds the
// day group to ArdineApi: the day's schemas then load with the owner's screen, never with the diner's menu.
const makeClient = HttpApiClient.make(ArdineServerApi, { baseUrl: window.location.origin }).pipe(
  Effect.provide(FetchHttpClient.layer),
)

let client: Promise<Effect.Effect.Success<typeof makeClient>> | undefined

/** A restaurant's day; without a date, today where the restaurant is. Transport failures as in client.ts. */
export const getDay = async (restaurantId: RestaurantId, date: string | undefined) => {
  try {
    client ??= Effect.runPromise(makeClient)
    const api = await client
    const request = api.day.get({ path: { restaurantId }, urlParams: date === undefined ? {} : { date } }).pipe(
      Effect.catchTags({
        RequestError: (error) => Effect.fail(networkError(String(error))),
        ResponseError: (error) => Effect.fail(unexpectedResponse(String(error))),
        ParseError: (error) => Effect.fail(unexpectedResponse(String(error))),
      }),
    )
    return Either.match(await Effect.runPromise(Effect.either(request)), { onLeft: failure, onRight: success })
  } catch (defect) {
    return failure(unexpectedResponse(String(defect)))
  }
}
