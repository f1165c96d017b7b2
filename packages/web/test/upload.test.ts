import { describe, expect, it } from "vitest"
import { readUploadResponse } from "../src/api/uploadResponse.js"
import { checkPhoto, MAX_PHOTO_BYTES } from "../src/lib/photoCheck.js"
import { dishJson } from "./support/dishJson.js"

describe("dish photo upload answers", () => {
  it("decodes a 201 with the domain Dish schema", () => {
    const outcome = readUploadResponse(201, JSON.stringify(dishJson))
    expect(outcome.ok).toBe(true)
    if (outcome.ok) expect(outcome.value.createdAt).toBeInstanceOf(Date)
  })

  it("keeps the error's _tag", () => {
    const outcome = readUploadResponse(422, JSON.stringify({ _tag: "MalwareDetected", message: "EICAR" }))
    expect(outcome).toEqual({ ok: false, error: { _tag: "MalwareDetected", message: "EICAR" } })
  })

  it("treats a body that is not the contract as unexpected", () => {
    expect(readUploadResponse(502, "<html>Bad gateway</html>")).toMatchObject({
      ok: false,
      error: { _tag: "UnexpectedResponse" },
    })
    expect(readUploadResponse(201, JSON.stringify({ ...dishJson, modelStatus: "nope" }))).toMatchObject({
      ok: false,
      error: { _tag: "UnexpectedResponse" },
    })
  })

  it("checks a photo before sending it", () => {
    expect(checkPhoto({ type: "image/jpeg", size: 1000 })).toBeUndefined()
    expect(checkPhoto({ type: "", size: 1000 })).toBeUndefined()
    expect(checkPhoto({ type: "application/pdf", size: 1000 })).toBe("UnsupportedImage")
    expect(checkPhoto({ type: "image/png", size: MAX_PHOTO_BYTES + 1 })).toBe("ImageTooLarge")
  })
})
