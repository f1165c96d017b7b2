// The diner menu's images: fetches a running server's menu and reports each photo's size, largest first.
// Run against `npm start`: npx tsx bench/menu-images.ts http://localhost:4000 demo
const [base = "http://localhost:4000", slug = "demo"] = process.argv.slice(2)
const menu = (await (await fetch(`${base}/api/menu/${slug}`)).json()) as {
  dishes: ReadonlyArray<{ name: string; imageUrl: string | null }>
}
const sizes = await Promise.all(
  menu.dishes.flatMap((dish) =>
    dish.imageUrl === null
      ? []
      : [
          fetch(new URL(dish.imageUrl, base)).then(async (reply) => ({
            dish: dish.name,
            bytes: (await reply.arrayBuffer()).byteLength,
          })),
        ],
  ),
)
sizes.sort((a, b) => b.bytes - a.bytes)
console.log(
  JSON.stringify({ images: sizes.length, largestKiB: Math.round((sizes[0]?.bytes ?? 0) / 1024), sizes }, null, 2),
)

export {}
