// How thoroughly the statistical and property suites sample. `npm test` runs them in full (the figures quoted in
// docs/PERFORMANCE.md come from the full run); `npm run test:fast` sets ARDINE_TEST_DEPTH=quick and runs every one
// of them on a fixed, spread-out part of the same deterministic sample, with the same thresholds.
export const quickTests = process.env.ARDINE_TEST_DEPTH === "quick"

/** `full` in a full run, `quick` in a quick one. */
export const sampleSize = (full: number, quick: number): number => (quickTests ? quick : full)

/** All of `items` in a full run; in a quick one, the first item of each kind, so every kind is still covered. */
export const onePerKind = <A>(items: ReadonlyArray<A>, kindOf: (item: A) => string): ReadonlyArray<A> =>
  quickTests
    ? items.filter((item, index) => items.findIndex((first) => kindOf(first) === kindOf(item)) === index)
    : items
