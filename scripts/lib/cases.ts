// What the case pages, feeds and the case data files derive from the published cases: related
// cases, links from a case's case numbers to entries, the citation, the per-category feeds and
// /data/cases.json and .csv. Pure functions of the published state.
import { atomFeed, feedAuthor } from './atom.ts';
import type { PublishState } from './publish-state.ts';
import { CASE_CATEGORIES, CASE_LABELS, type PublicityCase } from './schema/case.ts';
import { csvFile } from './csv.ts';
import { canonicalCaseNumber, parseCaseNumber } from './shared/rules/case-number.ts';
import { formatDate } from './shared/dates.ts';
import { renderCaseMarkdown } from './markdown.ts';
import sanitizeHtml from 'sanitize-html';

export type CaseCategory = (typeof CASE_CATEGORIES)[number];

/** ASCII slugs for the per-category feed URLs (/cases/feed/<slug>.atom). */
export const CATEGORY_SLUGS: Record<CaseCategory, string> = {
  典型案例: 'typical',
  正面典型: 'positive',
  拒执犯罪: 'refusal-crime',
  联合惩戒: 'joint-punishment',
};

export const casePath = (c: Pick<PublicityCase, 'slug'>) => `/cases/${c.slug}/`;
export const categoryFeedPath = (category: CaseCategory) => `/cases/feed/${CATEGORY_SLUGS[category]}.atom`;

const canonical = (raw: string) => {
  const parts = parseCaseNumber(raw);
  return parts ? canonicalCaseNumber(parts) : null;
};

/**
 * For each case number that some case cites: the entries with that number, public ones first,
 * then those that left the list (their URL serves the removal notice). Computed on the full
 * state and carried in the build state, so that what a case page reads is one value (pages.ts). Withheld and never-public entries are in
 * neither list: no link reveals that they exist.
 */
export function caseNumberEntries(state: Pick<PublishState, 'cases' | 'entries' | 'gone'>): Record<string, string[]> {
  const cited = new Set(state.cases.flatMap((c) => c.relatedCaseNumbers.map(canonical)).filter((n) => n !== null));
  const links: Record<string, string[]> = {};
  const add = (number: string | null, id: string) => {
    if (number && cited.has(number)) (links[number] ??= []).push(id);
  };
  for (const entry of state.entries) add(entry.caseNumberCanonical, entry.id);
  for (const gone of state.gone) add(canonical(gone.caseNumber), gone.id);
  return links;
}

/** A case's case numbers as printed, each with the entries it links to (none: printed without a link). */
export function relatedEntryLinks(c: Pick<PublicityCase, 'relatedCaseNumbers'>, links: Record<string, string[]>): { caseNumber: string; entryIds: string[] }[] {
  return c.relatedCaseNumbers.map((caseNumber) => {
    const number = canonical(caseNumber);
    return { caseNumber, entryIds: (number && links[number]) || [] };
  });
}

/**
 * Up to `limit` other cases that share the category, a behaviour or the court, the closest
 * first (one point each for category and court, one per shared behaviour), then the newest.
 */
export function relatedCases<C extends Pick<PublicityCase, 'slug' | 'category' | 'court' | 'behaviours' | 'date'>>(c: C, all: readonly C[], limit = 3): C[] {
  const score = (o: C) => Number(o.category === c.category) + Number(o.court === c.court) + o.behaviours.filter((b) => c.behaviours.includes(b)).length;
  return all
    .filter((o) => o.slug !== c.slug)
    .map((o) => ({ o, s: score(o) }))
    .filter(({ s }) => s > 0)
    .sort((a, b) => b.s - a.s || b.o.date.localeCompare(a.o.date) || a.o.slug.localeCompare(b.o.slug))
    .slice(0, limit)
    .map(({ o }) => o);
}

/** The citation "引用本文" copies: title, court, date, permalink. */
export function caseCitation(c: Pick<PublicityCase, 'title' | 'court' | 'date'>, permalink: string): string {
  return `${c.title}，${c.court}，${formatDate(c.date)}，${permalink}`;
}

/**
 * The fields of /data/cases.json and .csv, in this order: what a case page shows and nothing
 * more. The body is the page's own sanitised HTML and its text, never the Markdown source (a
 * comment or a stripped tag there is not on the page).
 */
export const CASE_EXPORT_FIELDS = ['slug', 'url', 'title', 'date', 'court', 'category', 'summary', 'behaviours', 'relatedCaseNumbers', 'bodyText', 'bodyHtml'] as const;
export const CASE_EXPORT_LABELS = { ...CASE_LABELS, url: '永久链接', bodyText: '正文', bodyHtml: '正文（HTML）' } as const;

const BLOCK_END = /<\/(p|h[2-4]|li|tr|blockquote|pre|table)>|<br \/?>|<hr \/?>/g;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

/** The text of a case's sanitised HTML, a line per block. */
export function caseBodyText(html: string): string {
  const text = sanitizeHtml(html.replace(BLOCK_END, (tag) => `${tag}\n`), { allowedTags: [], allowedAttributes: {} });
  return text.replace(/&(amp|lt|gt|quot);/g, (e) => ENTITIES[e]!).replace(/\n{2,}/g, '\n').trim();
}

export interface CaseRecord {
  slug: string;
  url: string;
  title: string;
  date: string;
  court: string;
  category: string;
  summary: string;
  behaviours: number[];
  relatedCaseNumbers: string[];
  bodyText: string;
  bodyHtml: string;
}

export function caseRecord(c: PublicityCase, site: URL | string): CaseRecord {
  const bodyHtml = renderCaseMarkdown(c.body);
  return {
    slug: c.slug,
    url: new URL(casePath(c), site).href,
    title: c.title,
    date: c.date,
    court: c.court,
    category: c.category,
    summary: c.summary,
    behaviours: [...c.behaviours],
    relatedCaseNumbers: [...c.relatedCaseNumbers],
    bodyText: caseBodyText(bodyHtml),
    bodyHtml,
  };
}

/**
 * /data/cases.json: no build time in it, so it changes only when a case does (format in
 * content/README.md).
 */
export function casesJson(state: Pick<PublishState, 'cases' | 'site'>, site: URL | string): string {
  return JSON.stringify({ format: 'gongshi-cases/1', city: state.site.city, sampleData: state.site.sampleData, count: state.cases.length, cases: state.cases.map((c) => caseRecord(c, site)) });
}

/** /data/cases.csv: UTF-8 with BOM, one header row of Chinese labels (as entries.csv; cases.json has the field names). */
export function casesCsv(cases: readonly PublicityCase[], site: URL | string): string {
  const head = [CASE_EXPORT_FIELDS.map((f) => CASE_EXPORT_LABELS[f])];
  const rows = cases.map((c) => {
    const record = caseRecord(c, site);
    return CASE_EXPORT_FIELDS.map((f) => {
      const value = record[f];
      return Array.isArray(value) ? value.join(';') : String(value);
    });
  });
  return csvFile([...head, ...rows]);
}

/** An Atom feed must say when it was updated: with no case at all, never (the epoch), not the build time. */
const NO_CASE_UPDATED = '1970-01-01T00:00:00Z';

/**
 * The feed of all cases, or of one category. `updated` is the newest case's date, not the
 * build time, so the feed changes when a case does and not daily (nor each publication).
 */
export function casesFeed(state: Pick<PublishState, 'cases' | 'site'>, site: URL | string, category?: CaseCategory): string {
  const url = (p: string) => new URL(p, site).href;
  const cases = category ? state.cases.filter((c) => c.category === category) : state.cases;
  // An empty category's feed is as old as the newest case of any category.
  const newest = (cases.length ? cases : state.cases).map((c) => c.date).sort().at(-1);
  const self = category ? categoryFeedPath(category) : '/cases/feed.atom';
  return atomFeed({
    // The all-cases feed keeps the id it has always had: readers key their subscriptions on it.
    id: url(category ? self : '/cases/'),
    title: `${state.site.city}失信被执行人典型案例${category ? `·${category}` : ''}`,
    self: url(self),
    alternate: url(category ? `/cases/?category=${encodeURIComponent(category)}` : '/cases/'),
    updated: newest ? `${newest}T00:00:00+08:00` : NO_CASE_UPDATED,
    author: feedAuthor(state.site.city, site),
    entries: cases.map((c) => ({ id: url(casePath(c)), title: `【${c.category}】${c.title}`, updated: `${c.date}T00:00:00+08:00`, link: url(casePath(c)), summary: c.summary, category: c.category })),
  });
}
