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
// output to reading nothing outside its partition but the merged tables. Within a court, a
// month's entry and list pages are a unit whose keys are kept while its inputs stay the same
// (outputKeysReusing).
import { createHash } from 'node:crypto';
import { monthOf, type BuildState, type Court } from './build-state.ts';
import { entryJson, groupDigest, jsonWriter } from './json-text.ts';
import { outputFile, routeKeys, ROUTES, type RouteDeclaration, type RouteId } from './pages.ts';
import type { PublishedEntry } from './publish-state.ts';

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

/** Routes whose outputs of one court's month read that month's entries and nothing else of the court's list. */
const MONTH_SCOPED_ROUTES = ['entry/[id]', 'list/[court]/[month]/[...page]'] as const satisfies readonly RouteId[];

/**
 * What a court's month's entry pages and list pages are made from, and nothing more: its entries,
 * its court (name, slug, district, and that month alone), its contact, their namesake counts,
 * the measures and the site. Built whole from these, so that its JSON is everything its outputs'
 * keys can depend on (tests/unit/partition.test.ts holds the keys made from it to those made
 * from the whole list). The court's total is left out: it changes with any entry of another month.
 */
function monthUnit(state: BuildState, court: Court, month: Court['months'][number], entries: readonly PublishedEntry[]): BuildState {
  const namesakes: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const { name } of entries) {
    const count = state.namesakes[name];
    if (count !== undefined) namesakes[name] = count;
  }
  const { name, slug, district } = court;
  const unit = { site: state.site, entries, gone: [], courts: [{ name, slug, district, months: [month] }], courtDirectory: (state.courtDirectory ?? []).filter((c) => c.name === name), measures: state.measures, namesakes };
  return unit as unknown as BuildState; // the rest of the state is what no such output may read
}

/** The keys of a unit's outputs as the planner last made them, by the unit (court and month). */
export type KeptUnits = Record<string, string>;

/**
 * outputKeys, taking the keys of a court's month whose inputs are unchanged from the live
 * release's (`live.keys`, as outputs.json holds them) instead of hashing its entry pages and
 * list pages again: at 100,000 entries that took 1.5 s of every publication, for the few dozen
 * pages a change touches. A unit is known by the hash of `version` (the code that makes keys:
 * this module and what it imports, code-sources.ts readerCodeVersion) and the JSON of all it is
 * made from (monthUnit). Returns the keys and the units to keep with them (`live.units` is what
 * the live release kept). A unit whose kept keys are not all there, as keys, is made again.
 */
export function outputKeysReusing(state: BuildState, version: string, live?: { keys: ReadonlyMap<string, unknown>; units?: unknown }): { keys: Map<string, string>; units: KeptUnits } {
  const liveKeys = live?.keys ?? new Map<string, unknown>();
  const liveUnits = isRecord(live?.units) ? live.units : {};
  const keys = routeKeys(state, MERGED_ROUTES);
  const units: KeptUnits = {};
  const textOf = jsonWriter();
  const files = new Map<string, readonly string[]>();
  for (const part of courtPartitions(state)) {
    const court = part.courts[0];
    if (!court) {
      // Notices of a court with no entry left: no month of it to reuse.
      routeKeys(part, COURT_SCOPED_ROUTES, keys);
      continue;
    }
    routeKeys(part, ['list/[court]/index'], keys);
    routeKeys({ ...part, entries: [] }, ['entry/[id]'], keys); // its notices
    const byMonth = Map.groupBy(part.entries, monthOf);
    for (const month of court.months) {
      const unit = monthUnit(state, court, month, byMonth.get(month.month) ?? []);
      const name = `${court.name}\u0000${month.month}`;
      const input = unitInput(name, unit, version, textOf);
      units[name] = input;
      if (liveUnits[name] === input && reuse(unitFiles(input, unit, files), liveKeys, keys)) continue;
      routeKeys(unit, MONTH_SCOPED_ROUTES, keys);
    }
  }
  lastFiles = files;
  return { keys, units };
}

/**
 * The output files of each unit the last call made keys for, by the unit's input (unitInput):
 * the same input has the same outputs, and listing them again (every entry page's params and
 * file name) took 0.3 s of a publication that changed a few units of 2,000.
 */
let lastFiles = new Map<string, readonly string[]>();

/** A unit's output files: as the last call listed them for the same input, or listed now. Kept in `files` for the next call. */
function unitFiles(input: string, unit: BuildState, files: Map<string, readonly string[]>): readonly string[] {
  let own = lastFiles.get(input);
  if (!own) {
    const listed: string[] = [];
    for (const route of MONTH_SCOPED_ROUTES) for (const { params } of (ROUTES[route] as RouteDeclaration).outputs(unit)) listed.push(outputFile(route, params));
    own = listed;
  }
  files.set(input, own);
  return own;
}

/**
 * The hash of `version` and the unit's JSON, its entries' text hashed one by one rather than
 * joined into one string first (JSON text holds no raw line break: the separators are unambiguous).
 */
function unitInput(name: string, unit: BuildState, version: string, textOf: (value: unknown) => string | undefined): string {
  const { entries, ...rest } = unit;
  const head = `${version}\n${textOf(rest) ?? ''}`;
  return groupDigest(`unit:${name}`, entries, head, () => {
    // As UTF-16 code units: the strings' own form, hashed without encoding them (3× faster).
    const hash = createHash('sha256').update(head, 'utf16le');
    for (const entry of entries) hash.update('\n', 'utf16le').update(entryJson(entry), 'utf16le');
    return hash.digest('base64url');
  });
}

/** Copies a unit's keys from the live release's, if every one of its output files has one. */
function reuse(files: readonly string[], from: ReadonlyMap<string, unknown>, into: Map<string, string>): boolean {
  for (const file of files) if (typeof from.get(file) !== 'string') return false;
  for (const file of files) into.set(file, from.get(file) as string);
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
