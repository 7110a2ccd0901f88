// Every page of the site, declared once with what each of its outputs reads. The pages take
// their paths from here (site/lib/state.ts pathsOf), and the planner (plan.ts) compares what
// the outputs read before and after a change to know which to render again: a page cannot
// take part in one without the other. tests/unit/plan.test.ts holds every file under
// site/pages to a declaration, and the publication property test holds a planned publication
// to a build of everything, file for file.
import { createHash } from 'node:crypto';
import type { BuildState } from './build-state.ts';
import { monthOf } from './build-state.ts';
import { relatedCases, relatedEntryLinks, CATEGORY_SLUGS } from './cases.ts';
import { PAGE_SIZE, NOTICES_PER_PAGE } from './list-pages.ts';
import { measureCounts, responsibleUnits } from './measure-units.ts';
import type { PublishedEntry } from './publish-state.ts';
import { CASE_CATEGORIES } from './schema/case.ts';
import { jsonWriter } from './json-text.ts';
import { shareCardOfCase, SITE_SHARE_IMAGE_PATH } from './share-image.ts';
import { statTables } from './stats.ts';

type Params = Record<string, string | undefined>;

export interface PageOutput<P = unknown> {
  params: Params;
  props?: P;
  /** Everything this output shows that can change with the content (the site's name and notice are added to all). */
  reads: () => unknown;
}

export interface RouteDeclaration {
  /** One output per item, each with what it reads: rendered only when that changes. */
  outputs(state: BuildState): PageOutput[];
}

/**
 * Pages with a single output and no declaration of what they read: they read site-wide
 * figures (counts, the newest cases, every court) and are rendered on every publication; a
 * publication applies only those whose bytes changed. They are few and cheap.
 */
export const SITE_WIDE_PAGES = [
  '404',
  'index',
  'about/index',
  'cases/index',
  'cases/feed.atom',
  'check/index',
  'correction/index',
  'data/index',
  'data/cases.csv',
  'data/cases.json',
  'list/index',
  'measures/index',
  'robots.txt',
  'search/index',
  'search/t2s.json',
  'sitemap.xml',
  'stats/index',
] as const;

function entryOutputs(state: BuildState): PageOutput[] {
  const { entries, gone, courts, courtDirectory, measures, namesakes } = state;
  const slugOf = new Map(courts.map((c) => [c.name, c.slug]));
  const contactOf = new Map((courtDirectory ?? []).map((c) => [c.name, c]));
  const applying = measureCounts(measures);
  return [
    ...entries.map((entry) => ({ params: { id: entry.id }, props: { entry }, reads: () => [entry, namesakes[entry.name], slugOf.get(entry.court), contactOf.get(entry.court), applying] })),
    ...gone.map((notice) => ({ params: { id: notice.id }, props: { notice }, reads: () => notice })),
  ];
}

function monthListOutputs(state: BuildState): PageOutput[] {
  const byList = new Map<string, PublishedEntry[]>();
  for (const entry of state.entries) {
    const key = `${entry.court}\u0000${monthOf(entry)}`;
    byList.get(key)?.push(entry) ?? byList.set(key, [entry]);
  }
  return state.courts.flatMap((court) =>
    court.months.flatMap(({ month }) => {
      const own = byList.get(`${court.name}\u0000${month}`) ?? [];
      const pages = Math.max(1, Math.ceil(own.length / PAGE_SIZE));
      // Only what the page shows: the court's total count changes with every removal.
      const { name, slug, district } = court;
      return Array.from({ length: pages }, (_, i) => {
        const props = { court: { name, slug, district }, month, page: i + 1, pages, count: own.length, entries: own.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE) };
        return { params: { court: slug, month, page: i === 0 ? undefined : String(i + 1) }, props, reads: () => props };
      });
    }),
  );
}

function courtOutputs(state: BuildState): PageOutput[] {
  const newest = new Map<string, PublishedEntry[]>();
  // Entries are sorted newest first (publish-state.ts).
  for (const entry of state.entries) {
    const list = newest.get(entry.court) ?? newest.set(entry.court, []).get(entry.court)!;
    if (list.length < PAGE_SIZE) list.push(entry);
  }
  return state.courts.map((court) => {
    const props = { court, newest: newest.get(court.name) ?? [] };
    return { params: { court: court.slug }, props, reads: () => props };
  });
}

/** Route ids are page files under site/pages without their extension (.astro, .ts). */
export const ROUTES = {
  'entry/[id]': { outputs: entryOutputs },
  'list/[court]/index': { outputs: courtOutputs },
  'list/[court]/[month]/[...page]': { outputs: monthListOutputs },
  'cases/[slug]': {
    outputs: ({ cases, caseNumberEntries, site }) =>
      cases.map((c) => ({ params: { slug: c.slug }, props: { c }, reads: () => [c, relatedEntryLinks(c, caseNumberEntries ?? {}), relatedCases(c, cases), shareCardOfCase(c, site)] })),
  },
  'cases/[slug]/share.png': {
    outputs: ({ cases, site }) =>
      cases.map((c) => {
        const card = shareCardOfCase(c, site);
        return { params: { slug: c.slug }, props: { card }, reads: () => card };
      }),
  },
  '[image].png': { outputs: () => [{ params: { image: SITE_SHARE_IMAGE_PATH.replace(/^\/|\.png$/g, '') }, reads: () => null }] },
  'stats/[table].csv': { outputs: ({ stats }) => statTables(stats).map((table) => ({ params: { table: table.slug }, props: { table }, reads: () => table })) },
  // The page lists every court and month of all notices, for its filters: it reads them all.
  'notices/[...page]': {
    outputs: ({ gone }) => {
      const pages = Math.max(1, Math.ceil(gone.length / NOTICES_PER_PAGE));
      return Array.from({ length: pages }, (_, i) => ({ params: { page: i === 0 ? undefined : String(i + 1) }, props: { page: i + 1, pages }, reads: () => gone }));
    },
  },
  // A feed is as new as its newest case (cases.ts casesFeed).
  'cases/feed/[category].atom': { outputs: ({ cases }) => CASE_CATEGORIES.map((category) => ({ params: { category: CATEGORY_SLUGS[category] }, props: { category }, reads: () => [cases] })) },
  'measures/unit/[slug]': { outputs: ({ measures }) => responsibleUnits(measures).map((unit) => ({ params: { slug: unit.slug }, props: { unit }, reads: () => [unit, measures] })) },
} satisfies Record<string, RouteDeclaration>;

export type RouteId = keyof typeof ROUTES;

/** A route's file name as a function of its params (outputFile), made once per route: the planner names every output of the list. */
const fileNamers = new Map<string, (params: Params) => string>();

function fileNamer(route: string): (params: Params) => string {
  // Each segment as literal text and parameter names, alternating (split with a capture group).
  const segments = route.split('/').map((segment) => segment.split(/\[(?:\.\.\.)?(\w+)\]/));
  const endpoint = /\.\w+$/.test(route); // an endpoint's name carries its extension
  return (params) => {
    const filled = segments
      .map((parts) => parts.map((part, i) => (i % 2 === 0 ? part : (params[part] ?? ''))).join(''))
      .filter((segment) => segment !== '')
      .join('/');
    if (endpoint) return filled;
    if (route === '404') return '404.html';
    return filled === 'index' ? 'index.html' : `${filled.replace(/\/index$/, '')}/index.html`;
  };
}

/** The file an output is written to (Astro's `build.format: 'directory'`), relative to the site's root. */
export function outputFile(route: string, params: Params): string {
  let name = fileNamers.get(route);
  if (!name) fileNamers.set(route, (name = fileNamer(route)));
  return name(params);
}

/** What an output reads, as a key: equal keys render equal files. Every page shows the site's name and notice. */
export function outputKey(site: BuildState['site'], reads: unknown): string {
  return keyOfText(JSON.stringify([site, reads]));
}

function keyOfText(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/**
 * Every declared output's file and key, for `routes` (all of them by default). The keys are
 * outputKey's, made from JSON text written once per object (json-text.ts): the entries' own,
 * and the court, contact and measure counts that thousands of entry pages share.
 */
export function routeKeys(state: BuildState, routes: readonly RouteId[] = Object.keys(ROUTES) as RouteId[], keys = new Map<string, string>()): Map<string, string> {
  const textOf = jsonWriter();
  const site = textOf(state.site) ?? 'null';
  for (const route of routes) {
    for (const output of (ROUTES[route] as RouteDeclaration).outputs(state)) keys.set(outputFile(route, output.params), keyOfText(`[${site},${textOf(output.reads()) ?? 'null'}]`));
  }
  return keys;
}
