// The published state written by scripts/build.ts. Pages read only this, never content/.
import type { PlanFile } from '../../scripts/lib/plan.ts';
import { outputFile, ROUTES, type RouteDeclaration, type RouteId } from '../../scripts/lib/pages.ts';
import { readFileSync } from 'node:fs';
import type { PublishedEntry, GoneEntry } from '../../scripts/lib/publish-state.ts';
import type { BuildState } from '../../scripts/lib/build-state.ts';

export type { PublishedEntry, GoneEntry };

let cached: BuildState | undefined;

/**
 * A publication starts Astro before it has decided what to render, so that Vite compiles
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
 * A planned publication (scripts/lib/publish.ts) renders only the outputs its plan names:
 * GONGSHI_PLAN names a JSON file of the shape PlanFile. Without it, every output is rendered.
 * Every page with paths takes them from here, so none can be left out of a plan or forget one.
 */
let planned: Set<string> | null | undefined;
export function pathsOf(route: RouteId): { params: Record<string, string | undefined>; props: unknown }[] {
  if (planned === undefined) {
    const file = process.env.GONGSHI_PLAN;
    planned = file ? new Set((JSON.parse(readWhenReady(file)) as PlanFile).render) : null;
  }
  const outputs = (ROUTES[route] as RouteDeclaration).outputs(state());
  return outputs.filter((o) => !planned || planned.has(outputFile(route, o.params))).map(({ params, props }) => ({ params, props }));
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


