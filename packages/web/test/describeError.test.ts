import { ArdineApi, Authentication } from "@ardine/domain"
import { describe, expect, it } from "vitest"
import { describeError, isDescribed } from "../src/api/describeError.js"
import { UploadErrorTag } from "../src/api/uploadResponse.js"
import { tagsOf } from "./support/errorTags.js"

const apiErrorTags = (): Set<string> => {
  const tags = tagsOf(ArdineApi.errorSchema.ast, new Set())
  for (const group of Object.values(ArdineApi.groups)) {
    tagsOf(group.errorSchema.ast, tags)
    for (const endpoint of Object.values(group.endpoints)) tagsOf(endpoint.errorSchema.ast, tags)
  }
  tagsOf(Authentication.failure.ast, tags)
  return tags
}

describe("error sentences", () => {
  const tags = apiErrorTags()

  it("finds the API's error tags", () => {
    for (const tag of ["NotFound", "Unauthorized", "InvalidOrderTransition", "RateLimited", "HttpApiDecodeError"]) {
      expect(tags).toContain(tag)
    }
    expect(tags.size).toBeGreaterThanOrEqual(20)
  })

  it("has a plain sentence for every error tag of the API", () => {
    const missing = [...tags].filter((tag) => !isDescribed(tag))
    expect(missing).toEqual([])
  })

  it("has a sentence for every upload error and for the transport's own failures", () => {
    for (const tag of [...UploadErrorTag.literals, "NetworkError", "UnexpectedResponse", "Aborted"]) {
      expect(isDescribed(tag), tag).toBe(true)
    }
  })

  it("writes sentences for people, not developers", () => {
    for (const tag of [...tags, ...UploadErrorTag.literals]) {
      const sentence = describeError(tag)
      expect(sentence).toMatch(/^[A-Z].*[.!?]$/)
      expect(sentence).not.toMatch(/_tag|HTTP|JSON|\b[A-Z][a-z]+[A-Z][a-z]+\b/)
    }
  })

  it("falls back to a general sentence for a tag it does not know", () => {
    expect(describeError("SomethingNew")).toBe("Something went wrong. Please try again.")
  })
})
