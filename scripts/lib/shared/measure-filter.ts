// The measures catalog's filters, as the browser applies them on /measures/ and the tests check
// them. The state lives in the query string (?unit=…&group=…&applies=…) so a filtered catalog
// can be shared and reloaded; the page itself is static and shows everything without script.

import { readFilter, writeFilter } from './url-filter.ts';

export const MEASURE_FILTER_KEYS = ['unit', 'group', 'applies'] as const;
export type MeasureFilterKey = (typeof MEASURE_FILTER_KEYS)[number];
/** unit: a unit's slug; group: 1–11; applies: person | org. An absent key does not filter. */
export type MeasureFilter = Partial<Record<MeasureFilterKey, string>>;

/** The two kinds of debtor on the list, as entries name them. */
export type DebtorKind = 'person' | 'org';

/** What one measure's list item carries for filtering (its data-* attributes). */
export interface MeasureFacets {
  unitSlugs: readonly string[];
  group: string;
  /** Which kinds of debtor the measure reaches. */
  kinds: readonly DebtorKind[];
}

/**
 * The kinds of debtor a measure reaches, from its appliesTo: 失信被执行人 is every debtor;
 * 法定代表人等相关人员 only widens a measure on organisations to the people behind them, so it
 * adds no kind of its own.
 */
export function debtorKinds(appliesTo: readonly string[]): DebtorKind[] {
  const all = appliesTo.includes('失信被执行人');
  const kinds: DebtorKind[] = [];
  if (all || appliesTo.includes('自然人')) kinds.push('person');
  if (all || appliesTo.includes('法人或其他组织')) kinds.push('org');
  return kinds;
}

export function measureFilterFromParams(params: URLSearchParams): MeasureFilter {
  return readFilter(MEASURE_FILTER_KEYS, params);
}

/** The query string for a filter, keys in a fixed order so one view has one URL. */
export function measureFilterToSearch(filter: MeasureFilter): string {
  return writeFilter(MEASURE_FILTER_KEYS, filter);
}

/** Every set filter must hold (they combine with AND). */
export function measureMatches(facets: MeasureFacets, filter: MeasureFilter): boolean {
  return (!filter.unit || facets.unitSlugs.includes(filter.unit))
    && (!filter.group || facets.group === filter.group)
    && (!filter.applies || facets.kinds.includes(filter.applies as DebtorKind));
}
