import { Allergen, DietaryTag, type OrderStatus, type PaymentMethod } from "@ardine/domain"

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

/** Every allergen the domain knows, in its schema's (Annex II) order. */
export const allergens: ReadonlyArray<Allergen> = Allergen.literals

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

/** Every dietary tag the domain knows, in its schema's order. */
export const dietaryTags: ReadonlyArray<DietaryTag> = DietaryTag.literals

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
