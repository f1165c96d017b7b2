/** The list with the item at `index` moved one place up (-1) or down (+1); unchanged at either end. */
export const moveItem = <A>(items: ReadonlyArray<A>, index: number, by: -1 | 1): ReadonlyArray<A> => {
  const target = index + by
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return items
  const moved = [...items]
  const [item] = moved.splice(index, 1)
  if (item !== undefined) moved.splice(target, 0, item)
  return moved
}
