/** A web-address-friendly suggestion from a restaurant name: "Café Lumière" -> "cafe-lumiere". */
export const slugify = (name: string): string =>
  name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 48)
    .replace(/^-+|-+$/g, "")
