// The case index's filters and paging, as the browser applies them and the tests check them.
// The state lives in the query string (?category=…&court=…&behaviour=…&year=…&page=…) so a
// filtered list can be shared, bookmarked and reloaded; the page itself is static.
import { readFilter, writeFilter } from './url-filter.ts';

/** What one case card carries for filtering (its data-* attributes). */
export interface CaseFacets {
  category: string;
  court: string;
  /** Codes of 若干规定 Art. 1 as strings ("1" … "6"). */
  behaviours: readonly string[];
  /** YYYY of the case's date. */
  year: string;
}


export const CASE_FILTER_KEYS = ['category', 'court', 'behaviour', 'year'] as const;
export type CaseFilterKey = (typeof CASE_FILTER_KEYS)[number];
/** An absent key (or an empty value) does not filter. */
export type CaseFilter = Partial<Record<CaseFilterKey, string>>;

export const CASE_PAGE_SIZE = 10;

export function filterFromParams(params: URLSearchParams): CaseFilter {
  return readFilter(CASE_FILTER_KEYS, params);
}

/** 1-based; anything that is not a positive integer is page 1. */
export function pageFromParams(params: URLSearchParams): number {
  const n = Number(params.get('page'));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The query string for a filter and page, keys in a fixed order so one list has one URL. */
export function filterToSearch(filter: CaseFilter, page = 1): string {
  return writeFilter(CASE_FILTER_KEYS, filter, page > 1 ? { page: String(page) } : {});
}

/** Every set filter must hold (they combine with AND). */
export function caseMatches(facets: CaseFacets, filter: CaseFilter): boolean {
  return (!filter.category || facets.category === filter.category)
    && (!filter.court || facets.court === filter.court)
    && (!filter.behaviour || facets.behaviours.includes(filter.behaviour))
    && (!filter.year || facets.year === filter.year);
}

export interface CasePage {
  /** Indexes into the matching list shown on this page. */
  from: number;
  to: number;
  page: number;
  pages: number;
}

/** The page to show of `matching` results; a page past the end shows the last one. */
export function pageOf(matching: number, requested: number, size = CASE_PAGE_SIZE): CasePage {
  const pages = Math.max(1, Math.ceil(matching / size));
  const page = Math.min(Math.max(1, requested), pages);
  return { from: (page - 1) * size, to: Math.min(matching, page * size), page, pages };
}
