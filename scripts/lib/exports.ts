// The bulk data under /data/: the whole list (JSON; CSV for people in UTF-8 and GBK, CSV for
// systems; XLSX) and the change feed (JSON and Atom). Each is a pure function of the published state and the ledger, written by the build
// beside the pages Astro renders. They are not Astro endpoints because express delisting
// (scripts/lib/express.ts) must rewrite them without handing Astro all 100,000 entries; the
// full build writes them while Astro renders, on the other core.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import writeExcelFile from 'write-excel-file/node';
import { atomFeed, feedAuthor } from './atom.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { BuildState, ChangeEvent } from './build-state.ts';
import type { PublishedEntry } from './publish-state.ts';
import { ENTRY_LABELS } from './schema/entry.ts';
import { PROVENANCE_FIELDS, PROVENANCE_LABELS } from './schema/provenance.ts';
import { SITE_URL } from './site-url.ts';
import { BEHAVIOURS, type BehaviourCode } from './shared/rules/behaviours.ts';
import { entryPath } from './shared/urls.ts';
import { setZipDates } from './zip.ts';

export const EXPORT_FILES = ['data/entries.json', 'data/entries.csv', 'data/entries.en.csv', 'data/entries.gbk.csv', 'data/entries.xlsx', 'data/changes.json', 'data/changes.atom'] as const;

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

/** The fields of every entries file, in this order: the entry's own, then its provenance (schema/provenance.ts). */
export const CSV_COLUMNS = ['id', 'kind', 'name', 'gender', 'age', 'idNumberMasked', 'creditCode', 'legalRepresentative', 'court', 'district', 'province', 'caseNumber', 'filedOn', 'basisDocNumber', 'basisIssuer', 'obligation', 'performance', 'performedPart', 'unperformedPart', 'behaviours', 'publishedOn', 'listingEndsOn', ...PROVENANCE_FIELDS] as const;

/** Each column's Chinese label: entries.csv's header, the XLSX's, the data page's. */
export const COLUMN_LABELS: Record<(typeof CSV_COLUMNS)[number], string> = { ...ENTRY_LABELS, ...PROVENANCE_LABELS };

/**
 * csv-stringify with CRLF rows, quoting any cell with a CR or LF in it (a lone CR breaks a row in
 * some readers); `escape_formulas` defuses a cell a spreadsheet would run as a
 * formula (leading = + - @, tab or CR, and their full-width forms) by prefixing a quote. The
 * one exception is a code cell (textCell), which is a formula of our own making.
 */
export const CSV_OPTIONS = {
  record_delimiter: 'windows',
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: { object: (value: object) => (value instanceof TextCell ? { value: value.formula, escape_formulas: false } : JSON.stringify(value)) },
};

/** A code cell of our own making (textCell); csv-stringify reads any other object as JSON, as by default. */
class TextCell {
  readonly formula: string;
  constructor(formula: string) {
    this.formula = formula;
  }
}

/** What csv-stringify's escape_formulas does to a cell, for the XLSX (the two are compared in tests/unit/exports.test.ts). */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(value) ? `'${value}` : value;
}

const cell = (value: unknown): string => (Array.isArray(value) ? value.join(';') : value === undefined || value === null ? '' : String(value));

/** Columns holding codes Excel would read as numbers (an 18-digit credit code loses its last digits). */
const TEXT_COLUMNS: ReadonlySet<string> = new Set(['id', 'idNumberMasked', 'creditCode', 'sourceSha256']);

/** A value that can sit inside ="…" and never be more than text: no quote, nothing but code characters. */
const CODE_TEXT = /^[0-9A-Za-z*-]+$/;

/**
 * A code as Excel keeps it text: ="911…" (Excel and WPS show the code; the formula can only
 * ever be that string, since the code has no quote in it). escape_formulas is off for this
 * cell alone; a value that is not a plain code stays an ordinary, defused cell.
 */
function textCell(value: string): string | TextCell {
  return CODE_TEXT.test(value) ? new TextCell(`="${value}"`) : value;
}

const KIND_LABEL: Record<string, string> = { person: '自然人', org: '法人或其他组织' };

/** A field's value as a person reads it: kinds and behaviours in words. Dates are YYYY-MM-DD already. */
function readableValue(entry: PublishedEntry, column: (typeof CSV_COLUMNS)[number]): string {
  const value = (entry as Record<string, unknown>)[column];
  if (column === 'kind') return KIND_LABEL[String(value)] ?? cell(value);
  if (column === 'behaviours' && Array.isArray(value)) return value.map((c) => BEHAVIOURS[c as BehaviourCode] ?? String(c)).join('；');
  return cell(value);
}

const CSV_LABELS = CSV_COLUMNS.map((c) => COLUMN_LABELS[c]);

/**
 * For people: UTF-8 with BOM so Excel opens it correctly; one header row of Chinese labels;
 * values in words; codes kept as text (textCell).
 */
export function entriesCsv(entries: readonly PublishedEntry[]): string {
  return `\uFEFF${stringify([CSV_LABELS, ...entries.map(readableRow)], CSV_OPTIONS)}`;
}

function readableRow(entry: PublishedEntry): (string | TextCell)[] {
  return CSV_COLUMNS.map((c) => {
    const value = readableValue(entry, c);
    return TEXT_COLUMNS.has(c) && value ? textCell(value) : value;
  });
}

/** For systems: UTF-8 without BOM, one header row of field names, values as in entries.json (codes 1–6 joined by ;). */
export function entriesEnCsv(entries: readonly PublishedEntry[]): string {
  return stringify([[...CSV_COLUMNS], ...entries.map(machineRow)], CSV_OPTIONS);
}

function machineRow(entry: PublishedEntry): string[] {
  return CSV_COLUMNS.map((c) => cell((entry as Record<string, unknown>)[c]));
}

/**
 * entries.csv in GB18030 for software that reads only the Chinese Windows code page: GB18030
 * writes every character GBK has with GBK's bytes, and the rare characters GBK lacks (some
 * names have them) as four bytes a GBK-only reader shows as garbage instead of a wrong name;
 * entries.csv is the reference. No BOM: GBK has none.
 */
export function entriesGbkCsv(entries: readonly PublishedEntry[]): Uint8Array {
  return gbkOf(entriesCsv(entries));
}

/** entries.gbk.csv from entries.csv's text (BOM dropped): the rows are serialised once. */
function gbkOf(csv: string): Uint8Array {
  return iconv.encode(csv.slice(1), 'gb18030');
}

/** Characters XML 1.0 cannot carry: a spreadsheet refuses the whole file for one. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * The list as an Excel workbook (write-excel-file): one header row of Chinese labels, frozen;
 * every value a string cell (codes stay text), except age; the same words and the same
 * formula defusing as entries.csv. Every part is dated `asOf`, so the bytes depend only on the list.
 */
export async function entriesXlsx(entries: readonly PublishedEntry[], asOf: string): Promise<Uint8Array> {
  const head = CSV_LABELS.map((label) => ({ value: label, type: String, fontWeight: 'bold' as const }));
  const rows = entries.map((entry) =>
    CSV_COLUMNS.map((c) => {
      if (c === 'age' && typeof entry.age === 'number') return { value: entry.age, type: Number };
      const value = readableValue(entry, c).replace(NOT_XML, '');
      return value ? { value: defuseFormula(value), type: String } : null;
    }),
  );
  const columns = CSV_COLUMNS.map((c) => ({ width: c === 'name' || c === 'court' || c === 'creditCode' || c === 'idNumberMasked' || c === 'caseNumber' ? 22 : 14 }));
  const buffer = await writeExcelFile([head, ...rows], { columns, stickyRowsCount: 1, sheet: '失信被执行人名单' }).toBuffer();
  return setZipDates(buffer, asOf);
}

/** One entry's row as a CSV writes it, without its CRLF: patchExports cuts rows out by it. */
function csvLine(row: unknown[]): string {
  return stringify([row], CSV_OPTIONS).slice(0, -2);
}

/** `text` without the rows of `removed`; null when one of them is not there as written. */
function cutRows(text: string, rows: readonly unknown[][]): string | null {
  let lines = text;
  for (const row of rows) {
    const line = `\r\n${csvLine(row)}\r\n`;
    const at = lines.indexOf(line);
    if (at < 0) return null;
    lines = lines.slice(0, at) + lines.slice(at + line.length - 2);
  }
  return lines;
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
 * Writes the files under `root`; each appears whole (temporary file, then rename). Each
 * file is written while the next is serialised.
 */
export async function writeExports(root: string, state: ExportState, changes: readonly ChangeEvent[]): Promise<void> {
  let csv = '';
  await writeTexts(root, {
    'data/entries.json': () => entriesJson(state, changes),
    'data/entries.csv': () => (csv = entriesCsv(state.entries)),
    'data/entries.en.csv': () => entriesEnCsv(state.entries),
    'data/entries.gbk.csv': () => gbkOf(csv),
    'data/entries.xlsx': () => entriesXlsx(state.entries, state.asOf),
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
  const [json, csv, enCsv, feed] = await Promise.all([read('data/entries.json'), read('data/entries.csv'), read('data/entries.en.csv'), read('data/changes.json')]);
  if (json === null || csv === null || enCsv === null || feed === null || !json.endsWith(']}') || !feed.endsWith(']}')) return false;
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
  // The CSVs: one line an entry, each line ends in CRLF. The GBK copy and the workbook are
  // made anew from the state: neither can be cut as text.
  const lines = cutRows(csv, removed.map(readableRow));
  const enLines = cutRows(enCsv, removed.map(machineRow));
  if (lines === null || enLines === null) return false;
  // changes.json: append only; its last event must be the ledger's before this publication.
  const previousLast = changes.length - events.length - 1;
  const eventsAt = feed.indexOf('"events":[') + '"events":['.length;
  const previousEvents = feed.slice(eventsAt, -2);
  if (previousLast >= 0 ? !previousEvents.endsWith(JSON.stringify(changes[previousLast])) : previousEvents !== '') return false;

  await writeTexts(root, {
    'data/entries.json': () => `${entriesHead(state, changes)}${items}]}`,
    'data/entries.csv': () => lines,
    'data/entries.en.csv': () => enLines,
    'data/entries.gbk.csv': () => gbkOf(lines),
    'data/entries.xlsx': () => entriesXlsx(state.entries, state.asOf),
    'data/changes.json': () => `${changesHead(state, changes)}${[previousEvents, ...events.map((e) => JSON.stringify(e))].filter(Boolean).join(',')}]}`,
    'data/changes.atom': () => changesAtom(state, changes),
  });
  return true;
}

/** Each text is made in the order listed (entries.gbk.csv after entries.csv, whose text it encodes). */
async function writeTexts(root: string, texts: Record<(typeof EXPORT_FILES)[number], () => string | Uint8Array | Promise<Uint8Array>>): Promise<void> {
  await mkdir(path.join(root, 'data'), { recursive: true });
  await Promise.all(Object.entries(texts).map(async ([file, text]) => writeFileAtomic(path.join(root, file), await text())));
}
