// The bulk data under /data/: the whole list (JSON and CSV) and the change feed (JSON and
// Atom). Each is a pure function of the published state and the ledger, written by the build
// beside the pages Astro renders. They are not Astro endpoints because express delisting
// (scripts/lib/express.ts) must rewrite them without handing Astro all 100,000 entries; the
// full build writes them while Astro renders, on the other core.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { atomFeed, feedAuthor } from './atom.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { BuildState, ChangeEvent } from './build-state.ts';
import type { PublishedEntry } from './publish-state.ts';
import { ENTRY_LABELS } from './schema/entry.ts';
import { SITE_URL } from './site-url.ts';
import { entryPath } from './shared/urls.ts';

export const EXPORT_FILES = ['data/entries.json', 'data/entries.csv', 'data/changes.json', 'data/changes.atom'] as const;

type ExportState = Pick<BuildState, 'entries' | 'asOf' | 'builtAt' | 'site'>;

/** The whole published list, for departments and banks that check people against it. */
export function entriesJson(state: ExportState, changes: readonly ChangeEvent[]): string {
  return `${entriesHead(state, changes)}${state.entries.map((e) => JSON.stringify(e)).join(',')}]}`;
}

/** entries.json up to its first entry (what JSON.stringify writes before the array's items). */
function entriesHead(state: ExportState, changes: readonly ChangeEvent[]): string {
  const { entries, asOf, builtAt, site } = state;
  const empty = JSON.stringify({ format: 'gongshi-entries/1', city: site.city, sampleData: site.sampleData, asOf, builtAt, lastChangeSeq: changes.at(-1)?.seq ?? 0, count: entries.length, entries: [] });
  return empty.slice(0, -2);
}

const CSV_COLUMNS = ['id', 'kind', 'name', 'gender', 'age', 'idNumberMasked', 'creditCode', 'legalRepresentative', 'court', 'district', 'province', 'caseNumber', 'filedOn', 'basisDocNumber', 'basisIssuer', 'obligation', 'performance', 'performedPart', 'unperformedPart', 'behaviours', 'publishedOn', 'listingEndsOn'] as const;

/**
 * csv-stringify with CRLF rows, quoting any cell with a CR or LF in it (a lone CR breaks a row in
 * some readers); `escape_formulas` defuses a cell a spreadsheet would run as a
 * formula (leading = + - @, tab or CR, and their full-width forms) by prefixing a quote.
 */
export const CSV_OPTIONS = { record_delimiter: 'windows', quote_record_delimiter: true, escape_formulas: true } as const;

const cell = (value: unknown): string => (Array.isArray(value) ? value.join(';') : value === undefined || value === null ? '' : String(value));

/** UTF-8 with BOM so Excel opens it correctly; Chinese labels in the header row, field names in the second. */
export function entriesCsv(entries: readonly PublishedEntry[]): string {
  const head = [CSV_COLUMNS.map((c) => ENTRY_LABELS[c as keyof typeof ENTRY_LABELS] ?? c), [...CSV_COLUMNS]];
  return `\uFEFF${stringify([...head, ...entries.map(csvRow)], CSV_OPTIONS)}`;
}

function csvRow(entry: PublishedEntry): string[] {
  return CSV_COLUMNS.map((c) => cell((entry as Record<string, unknown>)[c]));
}

/** One entry's row as entriesCsv writes it, without its CRLF: patchExports cuts rows out by it. */
function csvLine(entry: PublishedEntry): string {
  return stringify([csvRow(entry)], CSV_OPTIONS).slice(0, -2);
}

/** The append-only change feed: ADD / MOD / DEL events in `seq` order (format in content/README.md). */
function changesJson(state: ExportState, changes: readonly ChangeEvent[]): string {
  return `${changesHead(state, changes)}${changes.map((e) => JSON.stringify(e)).join(',')}]}`;
}

function changesHead(state: ExportState, changes: readonly ChangeEvent[]): string {
  const { builtAt, asOf, site } = state;
  return JSON.stringify({ format: 'gongshi-changes/1', city: site.city, sampleData: site.sampleData, asOf, builtAt, lastSeq: changes.at(-1)?.seq ?? 0, events: [] }).slice(0, -2);
}

const OP_LABEL = { ADD: '纳入公开', MOD: '信息更新', DEL: '撤下' } as const;

/** The latest 500 change events as Atom, for feed readers; changes.json has them all. */
function changesAtom(state: ExportState, changes: readonly ChangeEvent[]): string {
  const url = (p: string) => new URL(p, SITE_URL).href;
  return atomFeed({
    id: url('/data/changes.atom'),
    title: `${state.site.city}失信被执行人名单变更`,
    self: url('/data/changes.atom'),
    alternate: url('/notices/'),
    updated: state.builtAt,
    author: feedAuthor(state.site.city, SITE_URL),
    entries: changes.slice(-500).reverse().map((e) => ({
      id: url(`/data/changes.json#${e.seq}`),
      title: `${e.op} ${OP_LABEL[e.op]}${e.type ? `（${e.type}）` : ''}：${e.caseNumber}`,
      updated: e.recordedAt,
      link: url(entryPath(e.entryId)),
      summary: `记录 ${e.entryId}，${e.court}，${e.date}${e.docNumber ? `，决定书 ${e.docNumber}` : ''}`,
    })),
  });
}

/**
 * Writes the four files under `root`; each appears whole (temporary file, then rename). Each
 * file is written while the next is serialised.
 */
export async function writeExports(root: string, state: ExportState, changes: readonly ChangeEvent[]): Promise<void> {
  await writeTexts(root, {
    'data/entries.json': () => entriesJson(state, changes),
    'data/entries.csv': () => entriesCsv(state.entries),
    'data/changes.json': () => changesJson(state, changes),
    'data/changes.atom': () => changesAtom(state, changes),
  });
}

/**
 * The exports after a removal, edited from the live ones (express delisting): the removed
 * entries cut out, this publication's events added to the feed, the heads written anew.
 * The same bytes writeExports gives for `state` (tests/unit/express.test.ts compares them)
 * without serialising 100,000 entries again. False, having written nothing, when a live file
 * is not what this state and ledger would have made: then write them whole.
 */
export async function patchExports(live: string, root: string, state: ExportState, changes: readonly ChangeEvent[], removed: readonly PublishedEntry[], events: readonly ChangeEvent[]): Promise<boolean> {
  const read = (file: string) => readFile(path.join(live, file), 'utf8').catch(() => null);
  const [json, csv, feed] = await Promise.all([read('data/entries.json'), read('data/entries.csv'), read('data/changes.json')]);
  if (json === null || csv === null || feed === null || !json.endsWith(']}') || !feed.endsWith(']}')) return false;
  if (!json.includes('"entries":[') || !feed.includes('"events":[')) return false;

  // entries.json: the items between the head and the closing ]}, each JSON.stringify(entry).
  const itemsAt = json.indexOf('"entries":[') + '"entries":['.length;
  let items = json.slice(itemsAt, -2);
  for (const entry of removed) {
    const item = JSON.stringify(entry);
    const at = items.indexOf(item);
    const end = at + item.length;
    if (at < 0 || (at > 0 && items[at - 1] !== ',') || (end < items.length && items[end] !== ',')) return false;
    items = at > 0 ? items.slice(0, at - 1) + items.slice(end) : items.slice(end + 1);
  }
  // entries.csv: one line an entry, each line ends in CRLF.
  let lines = csv;
  for (const entry of removed) {
    const line = `\r\n${csvLine(entry)}\r\n`;
    const at = lines.indexOf(line);
    if (at < 0) return false;
    lines = lines.slice(0, at) + lines.slice(at + line.length - 2);
  }
  // changes.json: append only; its last event must be the ledger's before this publication.
  const previousLast = changes.length - events.length - 1;
  const eventsAt = feed.indexOf('"events":[') + '"events":['.length;
  const previousEvents = feed.slice(eventsAt, -2);
  if (previousLast >= 0 ? !previousEvents.endsWith(JSON.stringify(changes[previousLast])) : previousEvents !== '') return false;

  await writeTexts(root, {
    'data/entries.json': () => `${entriesHead(state, changes)}${items}]}`,
    'data/entries.csv': () => lines,
    'data/changes.json': () => `${changesHead(state, changes)}${[previousEvents, ...events.map((e) => JSON.stringify(e))].filter(Boolean).join(',')}]}`,
    'data/changes.atom': () => changesAtom(state, changes),
  });
  return true;
}

async function writeTexts(root: string, texts: Record<(typeof EXPORT_FILES)[number], () => string>): Promise<void> {
  await mkdir(path.join(root, 'data'), { recursive: true });
  await Promise.all(Object.entries(texts).map(([file, text]) => writeFileAtomic(path.join(root, file), text())));
}
