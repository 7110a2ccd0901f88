// The boundary along which publication splits when one machine is no longer enough (a
// provincial or national list): by court. A partition is a set of courts; its run reads and
// decides its courts' batches and decisions, and renders the outputs scoped to them (below).
// What no partition can make alone is merged: the search index, the exports, the change feed
// and its deltas, the notices, /stats/, the home and list pages — and one table partitions
// hand each other, how many entries carry each name (an entry page warns of namesakes in any
// court). README "Partitions" says how the merged outputs are put together.
//
// Here one machine runs every partition, and the planner computes the keys of court-scoped
// outputs partition by partition (publish.ts): tests/unit/partition.test.ts holds each such
// output to reading nothing outside its partition but the merged tables.
import type { BuildState } from './build-state.ts';
import { routeKeys, ROUTES, type RouteId } from './pages.ts';

/** Outputs that show one court's entries, notices or lists, and nothing of another court's. */
export const COURT_SCOPED_ROUTES = ['entry/[id]', 'list/[court]/index', 'list/[court]/[month]/[...page]'] as const satisfies readonly RouteId[];

/** The rest: made from the whole list, or from no part of it. */
export const MERGED_ROUTES = (Object.keys(ROUTES) as RouteId[]).filter((route) => !(COURT_SCOPED_ROUTES as readonly string[]).includes(route));

/**
 * What each court's run sees, one partition per court (how this machine runs them): its own
 * entries, notices and court, and the whole list's merged tables (namesakes) and site-wide
 * inputs (the site, the measures, the court directory) as they are. Entries keep the list's
 * order (newest first). Grouped once: a national list has thousands of courts.
 */
export function courtPartitions(state: BuildState): BuildState[] {
  const entries = Map.groupBy(state.entries, (e) => e.court);
  const gone = Map.groupBy(state.gone, (g) => g.court);
  const courts = [...new Set([...entries.keys(), ...gone.keys()])].sort();
  return courts.map((court) => ({ ...state, entries: entries.get(court) ?? [], gone: gone.get(court) ?? [], courts: state.courts.filter((c) => c.name === court) }));
}

/** Every declared output's key: court-scoped ones partition by partition, the rest from the whole list. */
export function outputKeys(state: BuildState): Map<string, string> {
  const keys = routeKeys(state, MERGED_ROUTES);
  for (const part of courtPartitions(state)) routeKeys(part, COURT_SCOPED_ROUTES, keys);
  return keys;
}
