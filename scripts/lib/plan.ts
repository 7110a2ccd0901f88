// The planner: from what every declared output reads (pages.ts) before and after a change,
// the outputs to render again and the ones that no longer exist. Pure; publish.ts does the I/O.

/** Handed to Astro's process in the file GONGSHI_PLAN names (site/lib/state.ts pathsOf). */
export interface PlanFile {
  /** Files of declared outputs to render (pages.ts outputFile); site-wide pages are always rendered. */
  render: string[];
}

export interface Plan {
  render: string[];
  /** Declared outputs of the live release that the new state no longer has (a month page emptied, a case withdrawn). */
  remove: string[];
}

/**
 * `before` is what the live release was rendered from; a key of `null` marks an output a
 * publication was killed while replacing, which may hold either version and is rendered again.
 */
export function planOutputs(before: ReadonlyMap<string, string | null>, after: ReadonlyMap<string, string>): Plan {
  const render: string[] = [];
  for (const [file, key] of after) if (before.get(file) !== key) render.push(file);
  const remove = [...before.keys()].filter((file) => !after.has(file));
  return { render, remove };
}
