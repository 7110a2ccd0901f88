// The planner: from what every declared output reads (pages.ts) before and after a change,
// the outputs to render again and the ones that no longer exist. Pure; publish.ts does the I/O.
import type { BuildState } from './build-state.ts';
import { outputFile, ROUTES, type RouteDeclaration, type RouteId } from './pages.ts';

/** One output as a page's getStaticPaths returns it. */
export interface PathOf {
  params: Record<string, string | undefined>;
  props: unknown;
}

/** Handed to Astro's process in the file GONGSHI_PLAN names (site/lib/state.ts pathsOf). */
export interface PlanFile {
  /** Files of declared outputs to render (pages.ts outputFile); site-wide pages are always rendered. */
  render: string[];
  /**
   * In a patch: the planned outputs themselves, by route (plannedOutputs), so that the page
   * process need not read the entries to find them. Without it, pages take theirs from the state.
   */
  outputs?: Partial<Record<RouteId, PlannedPath[]>>;
}

/** A path through JSON: a rest parameter's `undefined` (a list's first page) is kept as null, or the key would vanish. */
interface PlannedPath {
  params: Record<string, string | null>;
  props: unknown;
}

export function toPlannedPath({ params, props }: PathOf): PlannedPath {
  return { params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v ?? null])), props };
}

export function fromPlannedPath({ params, props }: PlannedPath): PathOf {
  return { params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v ?? undefined])), props };
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

/** A route's outputs as its page's getStaticPaths returns them: all, or those whose files `wanted` holds. */
export function routePaths(state: BuildState, route: RouteId, wanted: ReadonlySet<string> | null): PathOf[] {
  const outputs = (ROUTES[route] as RouteDeclaration).outputs(state);
  return outputs.filter((o) => !wanted || wanted.has(outputFile(route, o.params))).map(({ params, props }) => ({ params, props }));
}

/** The planned outputs' params and props by route, for a patch's PlanFile. */
export function plannedOutputs(state: BuildState, render: readonly string[]): PlanFile['outputs'] {
  const wanted = new Set(render);
  const outputs: PlanFile['outputs'] = {};
  for (const route of Object.keys(ROUTES) as RouteId[]) {
    const own = routePaths(state, route, wanted).map(toPlannedPath);
    if (own.length) outputs[route] = own;
  }
  return outputs;
}
