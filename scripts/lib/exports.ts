// The bulk data under /data/: the whole list (JSON; CSV for people in UTF-8 and GBK, CSV for
// systems; XLSX) and the change feed (JSON and Atom). Each is a pure function of the published state and the ledger, written by the build
// beside the pages Astro renders. They are not Astro endpoints so that a publication
// (scripts/lib/publish.ts) writes them in its own process while Astro renders, on the other
// core, from pieces kept between publications.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { CSV_OPTIONS, csvFile, textCell } from './csv.ts';
import iconv from 'iconv-lite';
import { atomFeed, feedAuthor, feedUpdated } from './atom.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { monthOf, type BuildState, type ChangeEvent } from './build-state.ts';
import type { PublishedEntry } from './publish-state.ts';
import { COLUMN_LABELS, CSV_COLUMNS } from './export-columns.ts';
import { SITE_URL } from './site-url.ts';
import { BEHAVIOURS, type BehaviourCode } from './shared/rules/behaviours.ts';
import { entryPath } from './shared/urls.ts';
import { defuseFormula } from './shared/spreadsheet.ts';
import { formatMonth } from './shared/dates.ts';
import { NOT_XML, sheetRowsXml, sheetStream, workbookOf, workbookOfStreams, type Sheet, type SheetLayout, type SheetSegment, type Workbook } from './xlsx.ts';
import { gzipParts, inMemory, keyOf, PieceCache, pieceOf, plainParts, type Deflated, type HeldPiece, type Piece } from './pieces.ts';
import { entryJson, groupDigest } from './json-text.ts';
import { Digest, type FileDigest } from './open-data.ts';
import { createHash } from 'node:crypto';

export const EXPORT_FILES = ['data/entries.json', 'data/entries.csv', 'data/entries.en.csv', 'data/entries.gbk.csv', 'data/entries.xlsx', 'data/changes.json', 'data/changes.atom'] as const;

type ExportState = Pick<BuildState, 'entries' | 'asOf' | 'builtAt' | 'site'>;

/** The whole published list, for departments and banks that check people against it. */
export function entriesJson(state: ExportState, changes: readonly ChangeEvent[]): string {
  return `${entriesHead(state, changes)}${state.entries.map((e) => JSON.stringify(e)).join(',')}]}`;
}

/**
 * entries.json up to its first entry (what JSON.stringify writes before the array's items). No
 * date of the publication: the file says which version of the list it holds (lastChangeSeq),
 * and /data/index.json when that was published and the day it is current for, so a new day with
 * no change to the list leaves the file as it is (writeExports `live`).
 */
function entriesHead(state: ExportState, changes: readonly ChangeEvent[]): string {
  const { entries, site } = state;
  const empty = JSON.stringify({ format: 'gongshi-entries/2', city: site.city, sampleData: site.sampleData, lastChangeSeq: changes.at(-1)?.seq ?? 0, count: entries.length, entries: [] });
  return empty.slice(0, -2);
}

const cell = (value: unknown): string => (Array.isArray(value) ? value.join(';') : value === undefined || value === null ? '' : String(value));

/** Columns holding codes Excel would read as numbers (an 18-digit credit code loses its last digits). */
const TEXT_COLUMNS: ReadonlySet<string> = new Set(['id', 'idNumberMasked', 'creditCode', 'sourceSha256']);


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
  return csvFile([CSV_LABELS, ...entries.map(readableRow)]);
}

function readableRow(entry: PublishedEntry): ReturnType<typeof textCell>[] {
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

/** The workbook's sheets: the CSV's columns, the wide ones wider; one sheet a month (below), or one of this name for an empty list. */
const SHEET: SheetLayout = {
  name: '失信被执行人名单',
  widths: CSV_COLUMNS.map((c) => (c === 'name' || c === 'court' || c === 'creditCode' || c === 'idNumberMasked' || c === 'caseNumber' ? 22 : 14)),
};

/** Sheet rows (xlsx.ts): every value a text cell (codes stay text) but age; the CSV's words and formula defusing. */
function xlsxRowsXml(entries: readonly PublishedEntry[]): string {
  return sheetRowsXml(entries.map((entry) =>
    CSV_COLUMNS.map((c) => {
      if (c === 'age' && typeof entry.age === 'number') return entry.age;
      // Characters XML cannot carry go before the defusing, which looks at the first one.
      const value = readableValue(entry, c).replace(NOT_XML, '');
      return value ? defuseFormula(value) : null;
    }),
  ));
}

/**
 * The list as an Excel workbook, a sheet for each month of publication (2026年11月), newest
 * first as the list is: in each, one frozen header row of Chinese labels in bold, then a row per
 * entry (xlsxRowsXml). A month's sheet is all a change to one of its entries renumbers, and no
 * sheet nears Excel's 1,048,576 rows. Every part is dated `modified` (YYYY-MM-DD), so the bytes
 * depend only on the list. writeExports makes the same bytes from pieces.
 */
export function entriesXlsx(entries: readonly PublishedEntry[], modified: string): Promise<Buffer> {
  const runs = pieceRuns(entries);
  return workbookOf(SHEET, CSV_LABELS, sheetsByMonth(runs, runs.map((run) => Buffer.from(xlsxRowsXml(run)))), modified);
}

/**
 * `items` (one for each run, in order) as sheets, one for each month the runs are of, in the
 * order the months first appear (the list's: newest first). A run is of one month (pieceRuns).
 */
function sheetsByMonth<T>(runs: readonly (readonly PublishedEntry[])[], items: readonly T[]): Sheet<T>[] {
  const sheets = new Map<string, T[]>();
  for (const [i, run] of runs.entries()) {
    const month = monthOf(run[0]!);
    if (!sheets.has(month)) sheets.set(month, []);
    sheets.get(month)!.push(items[i]!);
  }
  return [...sheets].map(([month, rows]) => ({ name: formatMonth(month), rows }));
}

/** The append-only change feed: ADD / MOD / DEL events in `seq` order (format in content/README.md). */
function changesJson(state: ExportState, changes: readonly ChangeEvent[]): string {
  return `${changesHead(state, changes)}${changes.map((e) => JSON.stringify(e)).join(',')}]}`;
}

function changesHead(state: ExportState, changes: readonly ChangeEvent[]): string {
  const { site } = state;
  // As entries.json's head: no date of the publication (index.json has it).
  return JSON.stringify({ format: 'gongshi-changes/2', city: site.city, sampleData: site.sampleData, lastSeq: changes.at(-1)?.seq ?? 0, events: [] }).slice(0, -2);
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
    updated: feedUpdated(changes),
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

/** The files assembled from pieces (pieces.ts): each gets a `.gz` made of them, and no `.br`. */
export const ASSEMBLED_FILES: ReadonlySet<string> = new Set(['data/entries.json', 'data/entries.csv', 'data/entries.en.csv', 'data/entries.gbk.csv', 'data/changes.json']);

/** Change events per piece of changes.json: the feed only grows at its end, so only the last piece changes. */
const EVENTS_PER_PIECE = 10_000;

/**
 * A piece cache for the exports in `root` (the output folder's `.pieces`), for this version
 * of the writers: pieces written by other code (other labels, another format) are not reused.
 */
export async function exportPieceCache(root: string, options?: ConstructorParameters<typeof PieceCache>[2]): Promise<PieceCache> {
  const code = await Promise.all([import.meta.url, new URL('./pieces.ts', import.meta.url), new URL('./zip.ts', import.meta.url), new URL('./xlsx.ts', import.meta.url)].map((url) => readFile(new URL(url))));
  return new PieceCache(root, keyOf(...code, JSON.stringify([CSV_LABELS, KIND_LABEL, BEHAVIOURS])), options);
}

/**
 * The entries of each piece, in the list's order (newest first): a month's entries, cut after
 * each entry whose id happens to hash to a multiple of ENTRIES_PER_CUT (about one in that
 * many). Where the cuts fall depends on the entries alone, not on how many come before, so
 * taking one entry down makes again only the piece that held it (two when it held a cut),
 * not its whole month: a smaller piece to serialise, compress and check for privacy.
 */
function pieceRuns(entries: readonly PublishedEntry[]): PublishedEntry[][] {
  const runs: PublishedEntry[][] = [];
  let cut = true;
  for (const entry of entries) {
    const last = runs.at(-1);
    if (last && !cut && monthOf(last[0]!) === monthOf(entry)) last.push(entry);
    else runs.push([entry]);
    cut = fnv1a(entry.id) % ENTRIES_PER_CUT === 0;
  }
  return runs;
}

/** About how many entries a piece holds within a month (pieceRuns). */
const ENTRIES_PER_CUT = 1024;

/** FNV-1a (32 bits) of a string's code units: a cheap, stable hash for where pieces are cut. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** Pieces read or made at once, their sheet streams compressed on libuv's thread pool (four threads). */
const RUNS_AT_ONCE = 8;

/** What one run of entries is in each assembled file (held: PieceCache.hold) and in the sheet. */
interface RunParts {
  json: HeldPiece;
  csv: HeldPiece;
  enCsv: HeldPiece;
  gbk: HeldPiece;
  segment: SheetSegment;
}

/** Promise.all that waits for every promise to settle before it throws the first failure. */
async function settled<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** `items` with a separator piece between each two. */
function joined(items: readonly HeldPiece[], separator: string): HeldPiece[] {
  const between = pieceOf(separator);
  return items.flatMap((item, i) => (i === 0 ? [item] : [between, item]));
}

export interface WrittenExports {
  /** Writes each assembled file's `.gz` under `root`: for after verify, as every compressed copy. */
  writeGzips(root: string): Promise<void>;
  /**
   * Each assembled file (ASSEMBLED_FILES, by its path under `root`) as the pieces it was joined
   * from, in order: verify checks it piece by piece (verify-pieces.ts), and its `.gz` is made of
   * the same pieces. The workbook as written, with the pieces its sheet was joined from.
   */
  assembled: Record<string, readonly HeldPiece[] | Workbook>;
  /** Each file's size and SHA-256 (by its path under `root`), for /data/index.json (open-data.ts). */
  digests: ReadonlyMap<string, FileDigest>;
  /**
   * What each whole-list file is made of (compositionOf), for the next publication's `live`: the
   * files written and those left out as the live release's.
   */
  compositions: Record<string, string>;
}

/**
 * What a whole-list file is made of: its heads as text and each piece by its name and key (the
 * hash of what it is made from), in order. Equal compositions under the same code are the same
 * bytes; known before any piece is read.
 */
function compositionOf(file: string, checkedAgainst: string, parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify([file, checkedAgainst, ...parts])).digest('base64url');
}

/** A run's pieces, each kept by the run's key: `${kind}-${month}` (the workbook's rows under entries.xlsx). */
const RUN_PIECES = ['entries.json', 'entries.csv', 'entries.en.csv', 'entries.gbk.csv', 'entries.xlsx'] as const;

/** Where a run's sheet stream is kept: by its rows and the row it starts at, which numbers them. */
function sheetStreamOf(month: string, key: string, first: number): { name: string; key: string } {
  return { name: `entries.xlsx-rows-${month}`, key: `${key}-${first}` };
}


/**
 * Writes the files under `root`; each appears whole (temporary file, then rename). The big
 * ones are assembled from pieces, part of a month of entries (pieceRuns) or a block of events
 * each, taken from `cache` when unchanged (a delisting rewrites the pieces that held the entry);
 * without a cache every piece is made anew. The bytes are the same either
 * way, and the same as entriesJson, entriesCsv… give (tests/unit/exports.test.ts).
 *
 * `live`: the compositions of the live release's files, given only when it was written by the
 * same code and is to be patched. When every whole-list file is made of the same pieces as
 * the live one (a new day with no change to the list), none is written, nor a piece read: they
 * stay as they are live, already checked and listed in /data/index.json. Any change to the list
 * changes entries.json and changes.json, and then every file is written. `checkedAgainst` names
 * what the privacy check looks for (the hidden parties' strings): it is part of every
 * composition, so that files the check has not seen against the same strings are written and
 * checked again, as they were before, even when their pieces are the same.
 */
export async function writeExports(root: string, state: ExportState, changes: readonly ChangeEvent[], cache?: PieceCache, live?: Readonly<Record<string, string>>, checkedAgainst = ''): Promise<WrittenExports> {
  // Every piece's key first, before the first await: a publication lets the entries' texts go
  // once this has started (publish.ts), and an unchanged piece is never serialised again.
  const runs = pieceRuns(state.entries).map((run) => ({ run, key: runKey(run) }));
  // Each month's sheet numbers its rows from 2 (row 1 is its header).
  const nextRow = new Map<string, number>();
  const firstRows = runs.map(({ run }) => {
    const month = monthOf(run[0]!);
    const row = nextRow.get(month) ?? 2;
    nextRow.set(month, row + run.length);
    return row;
  });
  const blockTexts: { name: string; key: string; text: string }[] = [];
  for (let at = 0; at < changes.length; at += EVENTS_PER_PIECE) {
    const text = changes.slice(at, at + EVENTS_PER_PIECE).map((e) => JSON.stringify(e)).join(',');
    blockTexts.push({ name: `changes.json-${at / EVENTS_PER_PIECE}`, key: keyOf(text), text });
  }
  const header = `\uFEFF${stringify([CSV_LABELS], CSV_OPTIONS)}`;
  // The workbook's parts are dated the day the list last changed, not the day it is published,
  // so a new day with no change keeps it byte for byte.
  const modified = changes.reduce((latest, e) => (e.date > latest ? e.date : latest), '') || state.asOf;
  const named = (kind: string) => runs.map(({ run, key }) => `#${kind}-${monthOf(run[0]!)}\u0000${key}`);
  // The latest 500 events, dated by the latest: made whole (a few hundred kilobytes) and composed of its text.
  const atom = changesAtom(state, changes);
  const compositions: Record<string, string> = {
    'data/entries.json': compositionOf('data/entries.json', checkedAgainst, [`=${entriesHead(state, changes)}`, ...named('entries.json'), '=]}']),
    'data/entries.csv': compositionOf('data/entries.csv', checkedAgainst, [`=${header}`, ...named('entries.csv')]),
    'data/entries.en.csv': compositionOf('data/entries.en.csv', checkedAgainst, [`=${stringify([[...CSV_COLUMNS]], CSV_OPTIONS)}`, ...named('entries.en.csv')]),
    'data/entries.gbk.csv': compositionOf('data/entries.gbk.csv', checkedAgainst, [`=${header}`, ...named('entries.gbk.csv')]),
    'data/changes.json': compositionOf('data/changes.json', checkedAgainst, [`=${changesHead(state, changes)}`, ...blockTexts.map((b) => `#${b.name}\u0000${b.key}`), '=]}']),
    // Each month a sheet, named by the month; each stream kept by its rows and the row it starts at.
    'data/entries.xlsx': compositionOf('data/entries.xlsx', checkedAgainst, [`=${modified}`, ...runs.map(({ run, key }, i) => {
      const stream = sheetStreamOf(monthOf(run[0]!), key, firstRows[i]!);
      return `#${stream.name}\u0000${stream.key}`;
    })]),
    'data/changes.atom': compositionOf('data/changes.atom', checkedAgainst, [`=${atom}`]),
  };
  // Made of the same pieces as the live files, by the same code (the caller's word): nothing to
  // write, read or check again; the pieces are only kept from the cache's pruning.
  if (cache && live && Object.entries(compositions).every(([file, composition]) => live[file] === composition)) {
    runs.forEach(({ run, key }, i) => {
      const month = monthOf(run[0]!);
      for (const kind of RUN_PIECES) cache.touch(`${kind}-${month}`, key);
      const stream = sheetStreamOf(month, key, firstRows[i]!);
      cache.touch(stream.name, stream.key);
    });
    for (const block of blockTexts) cache.touch(block.name, block.key);
    return { digests: new Map(), compositions, assembled: {}, writeGzips: async () => {} };
  }
  const piece = (name: string, key: string, make: () => Uint8Array | string) => (cache ? cache.get(name, key, make) : Promise.resolve(pieceOf(make())));
  // A piece nothing else is made from: a kept one past the cache's memory is let go without
  // being read into memory (PieceCache.getHeld).
  const lone = (name: string, key: string, make: () => Uint8Array | string): Promise<HeldPiece> => (cache ? cache.getHeld(name, key, make) : Promise.resolve(pieceOf(make())));
  // Each piece's five parts (JSON, two CSVs, GBK, the workbook's rows and their stream), read
  // or made together: a delisting reads hundreds of kept pieces, and one read at a time left
  // the work waiting on the disk.
  const partsOf = async ({ run, key }: (typeof runs)[number], first: number): Promise<RunParts> => {
    const month = monthOf(run[0]!);
    const gbkName = `entries.gbk.csv-${month}`;
    const { name: streamName, key: streamKey } = sheetStreamOf(month, key, first);
    // The GBK piece is made from the CSV's bytes, and the sheet's stream from the rows': those
    // are needed in memory only when what is made from them is not kept.
    const [gbkKept, streamKept] = cache ? await Promise.all([cache.has(gbkName, key), cache.has(streamName, streamKey)]) : [false, false];
    const [json, csv, enCsv, rows] = await Promise.all([
      // Made only when the piece is not kept: JSON.stringify, which entryJson's texts equal.
      lone(`entries.json-${month}`, key, () => run.map((e) => JSON.stringify(e)).join(',')),
      (gbkKept ? lone : piece)(`entries.csv-${month}`, key, () => stringify(run.map(readableRow), CSV_OPTIONS)),
      lone(`entries.en.csv-${month}`, key, () => stringify(run.map(machineRow), CSV_OPTIONS)),
      // The workbook's rows: kept by their content (their verdict is kept beside them), and
      // their stream by their content and the row they start at (xlsx.ts).
      !cache ? { raw: Buffer.from(xlsxRowsXml(run)), deflated: Buffer.alloc(0) } : streamKept ? cache.getHeld(`entries.xlsx-${month}`, key, () => xlsxRowsXml(run), false) : cache.get(`entries.xlsx-${month}`, key, () => xlsxRowsXml(run), false),
    ]);
    // Only called when the stream is not kept, and then the rows were read into memory.
    const make = () => sheetStream(inMemory(rows).raw, first);
    // Compressed on the thread pool while the next pieces are read and made.
    const [gbk, stream] = await Promise.all([
      lone(gbkName, key, () => iconv.encode(inMemory(csv).raw.toString('utf8'), 'gb18030')),
      cache ? cache.stream(streamName, streamKey, make) : make(),
    ]);
    const streamId = (stream as { id?: string }).id;
    // Kept pieces past the cache's memory are let go here and read again when written and checked.
    const held = (p: HeldPiece) => (cache ? cache.hold(p) : p);
    // The rows too: the sheet's stream (in the workbook's bytes) is all the archive needs of them.
    return { json: held(json), csv: held(csv), enCsv: held(enCsv), gbk: held(gbk), segment: { rows: held(rows), first, stream, ...(streamId ? { streamId } : {}) } };
  };
  const made: Promise<RunParts>[] = [];
  const running = new Set<Promise<unknown>>();
  for (const [i, run] of runs.entries()) {
    const parts = partsOf(run, firstRows[i]!);
    // Awaited below with the others; a failure before then is not an unhandled rejection.
    parts.catch(() => {});
    made.push(parts);
    // A few at a time: each holds its numbered rows until compressed (the sheet is 1.5 GB at 1,000,000 entries).
    const done = parts.finally(() => running.delete(done));
    done.catch(() => {});
    running.add(done);
    if (running.size >= RUNS_AT_ONCE) await Promise.race(running).catch(() => {});
  }
  const blocks: Promise<Piece>[] = blockTexts.map(({ name, key, text }) => piece(name, key, () => text));
  // All settle before a failure is thrown: nothing is still writing to the cache when the caller hears of it.
  const [pieceSets, events] = await Promise.all([settled(made), settled(blocks)]);
  const json = pieceSets.map((p) => p.json);
  const assembled: Record<string, HeldPiece[]> = {
    'data/entries.json': [pieceOf(entriesHead(state, changes)), ...joined(json, ','), pieceOf(']}')],
    'data/entries.csv': [pieceOf(header), ...pieceSets.map((p) => p.csv)],
    'data/entries.en.csv': [pieceOf(stringify([[...CSV_COLUMNS]], CSV_OPTIONS)), ...pieceSets.map((p) => p.enCsv)],
    'data/entries.gbk.csv': [pieceOf(gbkOf(header)), ...pieceSets.map((p) => p.gbk)],
    'data/changes.json': [pieceOf(changesHead(state, changes)), ...joined(events, ','), pieceOf(']}')],
  };
  const workbook = workbookOfStreams(SHEET, CSV_LABELS, sheetsByMonth(runs.map((r) => r.run), pieceSets.map((p) => p.segment)), modified);
  // The assembled files are written a piece after another, never joined in memory: at a
  // million entries they are gigabytes (pieces let go are read again in turn).
  const texts: Record<string, () => Written> = {
    ...Object.fromEntries(Object.entries(assembled).map(([file, pieces]) => [file, () => plainParts(pieces, cache)])),
    'data/entries.xlsx': () => workbook.bytes,
    'data/changes.atom': () => atom,
  };
  const digests = await writeTexts(root, texts);
  return {
    digests,
    compositions,
    assembled: { ...assembled, 'data/entries.xlsx': workbook },
    async writeGzips(at) {
      for (const [file, pieces] of Object.entries(assembled)) await writeFileAtomic(path.join(at, `${file}.gz`), gzipParts(pieces, cache));
    },
  };
}

/**
 * A piece's key: a hash of its entries' JSON, the texts the plan made of them (json-text.ts
 * entryJson; made now for entries it has not seen), so that finding an unchanged piece costs a
 * hash of text already there, not a serialisation of the list. The pieces' contents are
 * functions of their entries' JSON (and of the writers' code, which names the cache's folder).
 */
function runKey(run: readonly PublishedEntry[]): string {
  return groupDigest(`run:${run[0]?.id}`, run, '', () => {
    const hash = createHash('sha256');
    for (const entry of run) hash.update(entryJson(entry), 'utf16le').update('\n');
    return hash.digest('base64url').slice(0, 32);
  });
}

/** What a file of the exports is made of: its text, its bytes, or its bytes in parts (read in turn). */
type Written = string | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Each file is written as soon as its bytes are made. All settle before a failure is thrown, so
 * nothing is still writing when the caller hears of it; a file whose bytes failed is not written.
 */
async function writeTexts(root: string, texts: Partial<Record<(typeof EXPORT_FILES)[number], () => Written | Promise<Written>>>): Promise<Map<string, FileDigest>> {
  await mkdir(path.join(root, 'data'), { recursive: true });
  const digests = new Map<string, FileDigest>();
  const settled = await Promise.allSettled(Object.entries(texts).map(async ([file, text]) => {
    const made = await text!();
    // Hashed from the bytes as they are written: /data/index.json lists each file's SHA-256, and
    // reading the files back for it cost a second of a delisting at 100,000 entries.
    const digest = new Digest();
    await writeFileAtomic(path.join(root, file), digest.through(typeof made === 'string' ? [Buffer.from(made)] : made instanceof Uint8Array ? [made] : made));
    digests.set(file, digest.result());
  }));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return digests;
}
