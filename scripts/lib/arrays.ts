// Appending one array to another. `target.push(...items)` passes every item as an argument of
// one call, and past about 120,000 items the call stack overflows ("Maximum call stack size
// exceeded"): a batch of 1,000 new entries crashed the search index's update at 300,000
// entries that way. Lists that grow with the data (rows, entries, slots, problems, findings)
// are appended with this instead; tests/unit/arrays.test.ts keeps the spread out of the
// publisher's code.

/** Appends `items` to `target`, one at a time; returns `target`. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
