// The published state written by scripts/build.ts. Pages read only this, never content/.
import type { OnlyPagesFile } from '../../scripts/lib/express.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PublishedEntry, GoneEntry } from '../../scripts/lib/publish-state.ts';
import type { BuildState } from '../../scripts/lib/build-state.ts';

export type { PublishedEntry, GoneEntry };

let cached: BuildState | undefined;

/**
 * Express delisting starts Astro before it has decided what to render, so that Vite compiles
 * the pages meanwhile: the first page to ask waits for the file (it appears whole, by rename).
 * Nothing else runs in this process while it waits; a parent that never writes it is given up on.
 */
function readWhenReady(file: string): string {
  const deadline = Date.now() + 120_000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || Date.now() > deadline) throw error;
    }
    Atomics.wait(pause, 0, 0, 20);
  }
}

export function state(): BuildState {
  if (!cached) {
    const file = process.env.GONGSHI_STATE;
    if (!file) throw new Error('GONGSHI_STATE is not set: build the site with `npm run build`, which validates content/ first.');
    cached = JSON.parse(readWhenReady(file)) as BuildState;
  }
  return cached;
}

/**
 * Express delisting (scripts/lib/express.ts) renders only the pages a removal touches, from a
 * state that holds only the entries those pages show: GONGSHI_ONLY names a JSON file of the
 * shape OnlyPagesFile. Without it, every page is rendered.
 */
export interface OnlyPages {
  entries: Set<string>;
  lists: Map<string, Set<string>>;
}
let onlyPages: OnlyPages | null | undefined;
export function only(): OnlyPages | null {
  if (onlyPages === undefined) {
    const file = process.env.GONGSHI_ONLY;
    const parsed = file ? (JSON.parse(readWhenReady(file)) as OnlyPagesFile) : null;
    onlyPages = parsed ? { entries: new Set(parsed.entries), lists: new Map(Object.entries(parsed.lists).map(([slug, months]) => [slug, new Set(months)])) } : null;
  }
  return onlyPages;
}

let nameCounts: Map<string, number> | undefined;

/** How many published entries carry this name (computed once: per page it would be O(n²)). */
export function entriesNamed(name: string): number {
  if (!nameCounts) {
    nameCounts = new Map();
    for (const entry of state().entries) nameCounts.set(entry.name, (nameCounts.get(entry.name) ?? 0) + 1);
  }
  return nameCounts.get(name) ?? 0;
}

/**
 * The cacheKey of a page for Astro's incremental build: everything the page shows, plus what
 * every page shows (the site's name and sample notice). Two builds that give a page the same
 * key would render it identically, so the earlier output is reused. The as-of date is not in
 * it: no page prints it (the browser reads it from /freshness.json, see Freshness.astro), so
 * a new day with no change to the list re-renders no page.
 */
export function pageCacheKey(...data: unknown[]): string {
  const { site } = state();
  return createHash('sha256').update(JSON.stringify([site, data])).digest('base64url');
}

export function courtUrl(slug: string): string {
  return `/list/${slug}/`;
}

/**
 * A court's list is paged by the month entries were published in, then PAGE_SIZE a page:
 * new entries and removals change only their own month's pages, and a page's URL keeps
 * meaning the same entries (a numbered page of one long list would shift with every batch).
 */
export function monthUrl(slug: string, month: string, page = 1): string {
  return page === 1 ? `/list/${slug}/${month}/` : `/list/${slug}/${month}/${page}/`;
}

export { PAGE_SIZE } from '../../scripts/lib/list-pages.ts';

