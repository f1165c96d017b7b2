// Dish photos for the upload benchmarks, and the owner's upload request that sends one.
import sharp from "sharp"

/** A plate on a table seen from above; the food's size and colour change with `i`, so each is a different dish. */
export const dishPhoto = (i: number): Promise<Buffer> => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800"><rect width="100%" height="100%" fill="#6d4c35"/>
    <circle cx="400" cy="400" r="340" fill="#f4f4f2"/><circle cx="400" cy="400" r="${150 + (i % 5) * 20}" fill="hsl(${(i * 47) % 360},60%,45%)"/></svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer()
}

/** `POST /api/restaurants/:id/dishes` with one photo, as the owner's menu screen sends it; 201 means accepted. */
export const uploadDishPhoto = (
  baseUrl: string,
  restaurant: { readonly id: string; readonly cookie: string },
  photo: Buffer,
  i: number,
): Promise<Response> => {
  const form = new FormData()
  form.append("photo", new Blob([photo], { type: "image/jpeg" }), `dish-${i}.jpg`)
  return fetch(`${baseUrl}/api/restaurants/${restaurant.id}/dishes`, {
    method: "POST",
    body: form,
    headers: { cookie: restaurant.cookie },
  })
}
