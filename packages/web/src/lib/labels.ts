import type { Allergen, DietaryTag, OrderStatus, PaymentMethod } from "@ardine/domain"

/** The 14 EU allergen groups in the order of Annex II, with the words diners know them by. */
export const allergenLabels: { readonly [A in Allergen]: string } = {
  gluten: "Gluten",
  crustaceans: "Crustaceans",
  eggs: "Eggs",
  fish: "Fish",
  peanuts: "Peanuts",
  soybeans: "Soy",
  milk: "Milk",
  nuts: "Tree nuts",
  celery: "Celery",
  mustard: "Mustard",
  sesame: "Sesame",
  sulphites: "Sulphites",
  lupin: "Lupin",
  molluscs: "Molluscs",
}

export const allergens = Object.keys(allergenLabels) as ReadonlyArray<Allergen>

export const dietaryLabels: { readonly [T in DietaryTag]: string } = {
  vegetarian: "Vegetarian",
  vegan: "Vegan",
  "gluten-free": "Gluten-free",
  "dairy-free": "Dairy-free",
  "nut-free": "Nut-free",
  halal: "Halal",
  kosher: "Kosher",
  spicy: "Spicy",
}

export const dietaryTags = Object.keys(dietaryLabels) as ReadonlyArray<DietaryTag>

export const statusLabels: { readonly [S in OrderStatus]: string } = {
  received: "Received",
  preparing: "Preparing",
  ready: "Ready",
  served: "Served",
  cancelled: "Cancelled",
}

export const paymentLabels: { readonly [P in PaymentMethod]: string } = {
  Cash: "Cash",
  Card: "Card",
  UPI: "UPI",
}

export const paymentMethods = Object.keys(paymentLabels) as ReadonlyArray<PaymentMethod>
