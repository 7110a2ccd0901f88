// The published state written by scripts/build.ts. Pages read only this, never content/.
import { fromPlannedPath, routePaths, type PathOf, type PlanFile } from '../../scripts/lib/plan.ts';
import type { RouteId } from '../../scripts/lib/pages.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lazyState, STATE_HEAD } from '../../scripts/lib/state-files.ts';
import type { PublishedEntry, GoneEntry } from '../../scripts/lib/publish-state.ts';
import type { BuildState } from '../../scripts/lib/build-state.ts';

export type { PublishedEntry, GoneEntry };

let cached: BuildState | undefined;

/**
 * A publication starts Astro before it has decided what to render, so that Vite compiles
 * the pages meanwhile: the first page to ask waits for the file (it appears whole, by rename).
 * Nothing else runs in this process while it waits. The publisher kills this process when it
 * fails or finds nothing to publish; one that died outright (this process was handed to
 * another parent) is given up on. No fixed deadline: reading a million entries takes minutes.
 */
function readWhenReady(file: string): string {
  const parent = process.ppid;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || process.ppid !== parent) throw error;
    }
    Atomics.wait(pause, 0, 0, 20);
  }
}

/** The published state (scripts/lib/state-files.ts): its head at once, its entries when a page first lists them. */
export function state(): BuildState {
  if (!cached) {
    const dir = process.env.GONGSHI_STATE;
    if (!dir) throw new Error('GONGSHI_STATE is not set: build the site with `npm run build`, which validates content/ first.');
    cached = lazyState(dir, readWhenReady(path.join(dir, STATE_HEAD)));
  }
  return cached;
}

/**
 * A planned publication (scripts/lib/publish.ts) renders only the outputs its plan names:
 * GONGSHI_PLAN names a JSON file of the shape PlanFile. Without it, every output is rendered.
 * Every page with paths takes them from here, so none can be left out of a plan or forget one.
 * A patch's plan carries its outputs' params and props, made from the same declarations by
 * the publishing process: then this process never reads the list of entries.
 */
let plan: { render: Set<string>; outputs: PlanFile['outputs'] } | null | undefined;
export function pathsOf(route: RouteId): PathOf[] {
  if (plan === undefined) {
    const file = process.env.GONGSHI_PLAN;
    const read = file ? (JSON.parse(readWhenReady(file)) as PlanFile) : null;
    plan = read && { render: new Set(read.render), outputs: read.outputs };
  }
  if (plan?.outputs) return (plan.outputs[route] ?? []).map(fromPlannedPath);
  return routePaths(state(), route, plan?.render ?? null);
}

/** How many published entries carry this name (a table of the whole list, build-state.ts). */
export function entriesNamed(name: string): number {
  return state().namesakes[name] ?? 0;
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


