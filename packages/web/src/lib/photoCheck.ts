import { MAX_PHOTO_BYTES } from "@ardine/domain"

export { MAX_PHOTO_BYTES }
export const MAX_PHOTO_MB = MAX_PHOTO_BYTES / (1024 * 1024)

/**
 * Checks a picked file before it is sent, so an obvious mistake costs no upload. The server still
 * checks everything (type by its bytes, not its name); some phones report no type, so that passes here.
 */
export const checkPhoto = (file: {
  readonly type: string
  readonly size: number
}): "UnsupportedImage" | "ImageTooLarge" | undefined => {
  if (file.type !== "" && !file.type.startsWith("image/")) return "UnsupportedImage"
  if (file.size > MAX_PHOTO_BYTES) return "ImageTooLarge"
  return undefined
}
