// The list downloads are opened in spreadsheets by departments' and banks' clerks and read by
// their systems: a cell must never run as a formula, every cell must read back as written, and
// codes must stay text. Each file is read back with the library a unit would use.
import type { ChangeEvent } from '../../scripts/lib/change-event.ts';
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import readExcelFile from 'read-excel-file/node';
import { gunzipSync } from 'node:zlib';
import { entriesCsv, entriesEnCsv, entriesGbkCsv, entriesJson, entriesXlsx, EXPORT_FILES, exportPieceCache, writeExports } from '../../scripts/lib/exports.ts';
import type { PublishedEntry } from '../../scripts/lib/publish-state.ts';
import { plainOf, type HeldPiece } from '../../scripts/lib/pieces.ts';
import { entryJson } from '../../scripts/lib/json-text.ts';

/** Names a hostile or careless batch could carry, each with what the spreadsheet must show. */
const NAMES: [string, string][] = [
  ['=HYPERLINK("http://x.example","点")', `'=HYPERLINK("http://x.example","点")`],
  ['+86 1', `'+86 1`],
  ['-2+3', `'-2+3`],
  ['@SUM(A1)', `'@SUM(A1)`],
  ['\t=1', `'\t=1`],
  ['\r=1', `'\r=1`],
  ['＝1+1', `'＝1+1`],
  ['张,三', '张,三'],
  ['说"是"', '说"是"'],
  ['两\r\n行', '两\r\n行'],
  ['一\n行', '一\n行'],
  ['赵建国', '赵建国'],
];

// Three months, newest first, as the list is ordered: the exports are written a month a piece.
const entry = (i: number, name: string) => ({ id: `p-${i}`, kind: 'person', name, court: '本溪市平山区人民法院', behaviours: [1, 3], age: 40, publishedOn: `2026-0${3 - Math.floor(i / 4)}-1${i % 4}` }) as unknown as PublishedEntry;
const ENTRIES = NAMES.map(([name], i) => entry(i, name));

test('the CSV export defuses every cell a spreadsheet would run as a formula, and reads back cell for cell', () => {
  const csv = entriesCsv(ENTRIES);
  assert.ok(csv.startsWith('\uFEFF'), 'BOM for Excel');
  assert.ok(csv.endsWith('\r\n'));
  const [labels, ...rows] = parse(csv.slice(1)) as string[][];
  assert.equal(labels![0], '记录编号');
  assert.equal(labels![2], '被执行人姓名/名称');
  assert.deepEqual(rows.map((r) => r[2]), NAMES.map(([, shown]) => shown));
  // Outside quotes, a line break only ever ends a row: a reader splitting on CR or LF sees no broken row.
  const unquoted = csv.replace(/"(?:[^"]|"")*"/g, '');
  assert.equal(unquoted.match(/\r\n/g)?.length, ENTRIES.length + 1);
  assert.doesNotMatch(unquoted.replace(/\r\n/g, ''), /[\r\n]/);
});

/** An organisation with an all-digit credit code, a person with a masked ID number, and one with a name that is a formula. */
const CLERK_ENTRIES = [
  { id: 'o-1', kind: 'org', name: '本溪某某贸易有限公司', creditCode: '912105020000000018', legalRepresentative: '钱立新', court: '本溪市平山区人民法院', caseNumber: '(2025)辽0502执100号', filedOn: '2025-01-06', behaviours: [1, 4, 5], publishedOn: '2025-03-01', listingEndsOn: '2027-03-01' },
  { id: 'p-2', kind: 'person', name: '赵建国', gender: '男', age: 41, idNumberMasked: '2105021985****1011', court: '本溪市平山区人民法院', caseNumber: '(2025)辽0502执101号', behaviours: [6], publishedOn: '2025-03-02' },
  { id: 'p-3', kind: 'person', name: '=1+2', gender: '女', age: 30, idNumberMasked: '2105021990****1029', court: '本溪市平山区人民法院', behaviours: [2], publishedOn: '2025-03-03' },
] as unknown as PublishedEntry[];

test('the Chinese CSV has one header row, kinds and behaviours in words, dates as YYYY-MM-DD, and codes in the ="…" form Excel keeps as text', () => {
  const [labels, ...rows] = parse(entriesCsv(CLERK_ENTRIES).slice(1)) as string[][];
  assert.equal(rows.length, CLERK_ENTRIES.length, 'one header row, then one row an entry');
  const col = (label: string) => labels!.indexOf(label);
  assert.equal(rows[0]![col('被执行人类型')], '法人或其他组织');
  assert.equal(rows[1]![col('被执行人类型')], '自然人');
  assert.equal(rows[0]![col('失信被执行人行为具体情形')], '有履行能力而拒不履行生效法律文书确定义务；违反财产报告制度；违反限制消费令');
  assert.equal(rows[0]![col('统一社会信用代码')], '="912105020000000018"');
  assert.equal(rows[1]![col('身份证号码（已脱敏）')], '="2105021985****1011"');
  assert.equal(rows[0]![col('记录编号')], '="o-1"');
  assert.equal(rows[0]![col('案号')], '(2025)辽0502执100号');
  assert.equal(rows[0]![col('立案时间')], '2025-01-06');
  assert.equal(rows[1]![col('年龄')], '41');
  assert.equal(rows[2]![col('被执行人姓名/名称')], "'=1+2", 'a name is never a formula');
});

test('a value in a code column that is not a plain code is an ordinary defused cell, never a formula of ours', () => {
  const hostile = [{ ...CLERK_ENTRIES[0]!, creditCode: '9121")&HYPERLINK("x' }] as PublishedEntry[];
  const [, row] = parse(entriesCsv(hostile).slice(1)) as string[][];
  assert.equal(row![6], '9121")&HYPERLINK("x');
  const [, defused] = parse(entriesCsv([{ ...CLERK_ENTRIES[0]!, creditCode: '=9121' }] as PublishedEntry[]).slice(1)) as string[][];
  assert.equal(defused![6], "'=9121");
});

test('the English CSV for systems has one header row of field names and the values of entries.json, defused the same way', () => {
  const csv = entriesEnCsv(CLERK_ENTRIES);
  assert.ok(!csv.startsWith('\uFEFF'), 'no BOM for systems');
  const records = parse(csv, { columns: true }) as Record<string, string>[];
  assert.equal(records.length, CLERK_ENTRIES.length);
  assert.deepEqual({ ...records[0] }, { ...records[0], id: 'o-1', kind: 'org', creditCode: '912105020000000018', behaviours: '1;4;5', publishedOn: '2025-03-01' });
  assert.equal(records[1]!.kind, 'person');
  assert.equal(records[2]!.name, "'=1+2");
});

test('the GBK CSV decodes to exactly the Chinese CSV, with GBK\'s own bytes for every GBK character and no character lost outside GBK', () => {
  const text = entriesCsv(CLERK_ENTRIES).slice(1);
  const gbk = entriesGbkCsv(CLERK_ENTRIES);
  assert.equal(iconv.decode(Buffer.from(gbk), 'gbk'), text);
  assert.deepEqual(Buffer.from(gbk), iconv.encode(text, 'gbk'), 'byte for byte GBK where GBK has the characters');
  // 𠮷 (U+20BB7) is outside GBK: GB18030 keeps it, where a GBK encoder would write "?".
  const rare = [{ ...CLERK_ENTRIES[1]!, name: '𠮷建国' }] as PublishedEntry[];
  const [, row] = parse(new TextDecoder('gbk').decode(entriesGbkCsv(rare))) as string[][];
  assert.equal(row![2], '𠮷建国');
});

test('the XLSX has a sheet a month, newest first, each with one header row; codes as text cells, the same rows, words and defused names as the CSV, and the same bytes on every write', async () => {
  const bytes = await entriesXlsx([...CLERK_ENTRIES, ...ENTRIES], '2026-12-01');
  const sheets = await readExcelFile(Buffer.from(bytes));
  const [csvLabels, ...csvRows] = parse(entriesCsv([...CLERK_ENTRIES, ...ENTRIES]).slice(1)) as string[][];
  const months = [...new Set(csvRows.map((r) => r[csvLabels!.indexOf('发布时间')]!.slice(0, 7)))];
  assert.ok(months.length > 1, 'entries of more than one month');
  assert.deepEqual(sheets.map((s) => s.sheet), months.map((m) => `${m.slice(0, 4)}年${Number(m.slice(5))}月`));
  for (const sheet of sheets) assert.deepEqual(sheet.data[0], csvLabels);
  const rows = sheets.flatMap((s) => s.data.slice(1));
  assert.equal(rows.length, CLERK_ENTRIES.length + ENTRIES.length);
  assert.equal(rows[0]![6], '912105020000000018', 'an 18-digit credit code stays text, every digit kept');
  assert.equal(rows[1]![5], '2105021985****1011');
  assert.equal(rows[1]![4], 41, 'age is a number');
  assert.equal(rows[0]![1], '法人或其他组织');
  assert.equal(rows[0]![19], csvRows[0]![19]);
  // Names read back exactly as the CSV shows them: defused by the same rule.
  assert.deepEqual(rows.map((r) => r[2]), csvRows.map((r) => r[2]));
  assert.deepEqual(await entriesXlsx([...CLERK_ENTRIES, ...ENTRIES], '2026-12-01'), bytes);
  // Dated by the list, not the clock: two writes a second apart could otherwise differ.
  const zip = Buffer.from(bytes);
  assert.deepEqual([zip.readUInt16LE(10), zip.readUInt16LE(12)], [0, ((2026 - 1980) << 9) | (12 << 5) | 1]);
});

async function folder(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gongshi-exports-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('exports written from kept pieces after a removal are byte for byte those written from nothing, and each .gz inflates to its file', async (t) => {
  const dir = await folder(t);
  const state = (entries: PublishedEntry[]) => ({ entries, asOf: '2026-11-26', builtAt: '2026-11-26T02:00:00.000Z', site: { city: '本溪市', sampleData: true } });
  const cache = await exportPieceCache(path.join(dir, 'pieces'));
  await (await writeExports(path.join(dir, 'live'), state(ENTRIES), [], cache)).writeGzips(path.join(dir, 'live'));
  // Three of the four entries of the middle month: a defused row and a quoted one among them.
  const removed = [ENTRIES[4]!, ENTRIES[5]!, ENTRIES[7]!];
  const kept = ENTRIES.filter((e) => !removed.includes(e));
  const again = await exportPieceCache(path.join(dir, 'pieces'));
  await (await writeExports(path.join(dir, 'patched'), state(kept), [], again)).writeGzips(path.join(dir, 'patched'));
  await (await writeExports(path.join(dir, 'whole'), state(kept), [])).writeGzips(path.join(dir, 'whole'));
  for (const file of ['data/entries.json', 'data/entries.csv', 'data/entries.en.csv', 'data/entries.gbk.csv', 'data/entries.xlsx', 'data/changes.json']) {
    const read = (which: string) => readFile(path.join(dir, which, file));
    assert.deepEqual(await read('patched'), await read('whole'), file);
    if (!file.endsWith('.xlsx')) {
      assert.deepEqual(gunzipSync(await readFile(path.join(dir, 'patched', `${file}.gz`))), await read('patched'), `${file}.gz`);
    }
  }
  // The first write made every month's pieces; the second only the middle month's five (JSON,
  // two CSVs, GBK, the workbook's rows).
  assert.deepEqual([cache.hits, cache.misses, again.hits, again.misses], [0, 15, 10, 5]);
  // The workbook's streams: each month is a sheet of its own, numbered from its row 2, so only
  // the middle month's rows were compressed again; the oldest month's, after the removal in the
  // list's order, kept their numbers and their stream (in one sheet they moved up three rows).
  assert.deepEqual([cache.streams, again.streams], [{ hits: 0, misses: 3 }, { hits: 2, misses: 1 }]);
  // And the files say what the whole-list functions say.
  const text = (file: string) => readFile(path.join(dir, 'patched', file), 'utf8');
  assert.equal(await text('data/entries.csv'), entriesCsv(kept));
  assert.equal(await text('data/entries.en.csv'), entriesEnCsv(kept));
  assert.equal(await text('data/entries.json'), entriesJson(state(kept), []));
  assert.deepEqual(await readFile(path.join(dir, 'patched', 'data/entries.gbk.csv')), Buffer.from(entriesGbkCsv(kept)));
  // The workbook joined from kept rows is the one entriesXlsx makes of the whole list.
  assert.deepEqual(await readFile(path.join(dir, 'patched', 'data/entries.xlsx')), await entriesXlsx(kept, '2026-11-26'));
});

test('with no memory to hold kept pieces, each is let go and read again: the files and their .gz are byte for byte those of pieces held, and a piece changed meanwhile fails what reads it', async (t) => {
  const dir = await folder(t);
  const state = { entries: ENTRIES, asOf: '2026-11-26', builtAt: '2026-11-26T02:00:00.000Z', site: { city: '本溪市', sampleData: true } };
  const held = await exportPieceCache(path.join(dir, 'held'));
  await (await writeExports(path.join(dir, 'held-out'), state, [], held)).writeGzips(path.join(dir, 'held-out'));
  const none = await exportPieceCache(path.join(dir, 'let-go'), { holdBytes: 0 });
  await (await writeExports(path.join(dir, 'let-go-out'), state, [], none)).writeGzips(path.join(dir, 'let-go-out'));
  assert.equal(held.released.pieces, 0);
  // The five pieces of each of three months: the four text files' and the workbook's rows.
  assert.equal(none.released.pieces, 15);
  assert.ok(none.released.reopened >= 24, 'each text piece read again to be written, and its stream again for its .gz');
  for (const file of ['data/entries.json', 'data/entries.csv', 'data/entries.en.csv', 'data/entries.gbk.csv', 'data/entries.xlsx', 'data/changes.json']) {
    assert.deepEqual(await readFile(path.join(dir, 'let-go-out', file)), await readFile(path.join(dir, 'held-out', file)), file);
    if (!file.endsWith('.xlsx')) assert.deepEqual(await readFile(path.join(dir, 'let-go-out', `${file}.gz`)), await readFile(path.join(dir, 'held-out', `${file}.gz`)), `${file}.gz`);
  }
  // A kept piece altered between being let go and being read again. Its bytes changed: what
  // reads them (verify, through plainOf here) fails; the .gz reads only the stream, which still
  // says the bytes the file was written with. Its stream changed, or the file cut short or
  // gone: the .gz is not written from it.
  for (const at of ['bytes', 'stream', 'cut', 'gone'] as const) {
    const again = await exportPieceCache(path.join(dir, `let-go-${at}`), { holdBytes: 0 });
    const written = await writeExports(path.join(dir, `again-${at}`), state, [], again);
    const pieceDir = path.join(dir, `let-go-${at}`, again.version);
    const csv = path.join(pieceDir, (await readdir(pieceDir)).find((f) => f.startsWith('entries.csv-') && f.split('.').length === 3)!);
    const bytes = await readFile(csv);
    if (at === 'gone') await rm(csv);
    else if (at === 'cut') await writeFile(csv, bytes.subarray(0, -1));
    else {
      const flip = at === 'bytes' ? 8 : bytes.length - 1;
      bytes[flip] = bytes[flip]! ^ 1;
      await writeFile(csv, bytes);
    }
    const out = path.join(dir, `again-${at}`);
    if (at === 'bytes') {
      await assert.rejects(plainOf(written.assembled['data/entries.csv'] as HeldPiece[], again), /被改动或删除/);
      await written.writeGzips(out);
      assert.deepEqual(await readFile(path.join(out, 'data/entries.csv.gz')), await readFile(path.join(dir, 'held-out', 'data/entries.csv.gz')));
    } else {
      await assert.rejects(written.writeGzips(out), /被改动或删除/, at);
    }
  }
});

test('a kept piece past the memory limit is let go without a buffer of its own, and read again into a few spare ones: the files are those of pieces held', async (t) => {
  const dir = await folder(t);
  const state = { entries: ENTRIES, asOf: '2026-11-26', builtAt: '2026-11-26T02:00:00.000Z', site: { city: '本溪市', sampleData: true } };
  const held = await exportPieceCache(path.join(dir, 'held'));
  await (await writeExports(path.join(dir, 'held-out'), state, [], held)).writeGzips(path.join(dir, 'held-out'));
  // The first run makes and keeps every piece; the second finds them all kept.
  await (await writeExports(path.join(dir, 'first-out'), state, [], await exportPieceCache(path.join(dir, 'let-go'), { holdBytes: 0 }))).writeGzips(path.join(dir, 'first-out'));
  const again = await exportPieceCache(path.join(dir, 'let-go'), { holdBytes: 0 });
  const written = await writeExports(path.join(dir, 'again-out'), state, [], again);
  await written.writeGzips(path.join(dir, 'again-out'));
  assert.equal(again.misses, 0);
  assert.equal(again.released.pieces, 15);
  // Every new buffer counts towards V8's external memory and so towards a major GC over the whole heap.
  assert.equal(again.released.ownBuffers, 0, 'no kept piece read into a buffer of its own');
  assert.ok(again.released.reopened >= 24);
  // As many spare buffers as reads at once (here every piece of the three months at once), not one a read.
  const reads = again.released.pieces + again.released.reopened;
  assert.ok(again.released.spareBuffers <= 15, `${again.released.spareBuffers} spare buffers for ${reads} reads`);
  for (const file of ['data/entries.json', 'data/entries.csv', 'data/entries.en.csv', 'data/entries.gbk.csv', 'data/entries.xlsx', 'data/changes.json']) {
    assert.deepEqual(await readFile(path.join(dir, 'again-out', file)), await readFile(path.join(dir, 'held-out', file)), file);
    if (!file.endsWith('.xlsx')) assert.deepEqual(await readFile(path.join(dir, 'again-out', `${file}.gz`)), await readFile(path.join(dir, 'held-out', `${file}.gz`)), `${file}.gz`);
  }
  // What verify reads of a piece let go is a copy: it outlives the spare buffer it was read into.
  const csv = written.assembled['data/entries.csv'] as HeldPiece[];
  assert.deepEqual(await plainOf(csv, again), await readFile(path.join(dir, 'held-out', 'data/entries.csv')));
});

test('a kept GBK piece removed from the cache while its CSV piece was let go fails the publication as a piece changed during it, not with a TypeError', async (t) => {
  const dir = await folder(t);
  const state = { entries: ENTRIES, asOf: '2026-11-26', builtAt: '2026-11-26T02:00:00.000Z', site: { city: '本溪市', sampleData: true } };
  const root = path.join(dir, 'let-go');
  await writeExports(path.join(dir, 'first-out'), state, [], await exportPieceCache(root, { holdBytes: 0 }));
  const cache = await exportPieceCache(root, { holdBytes: 0 });
  // Another writer (none can be: publications hold a lock) removes the GBK piece just after it was found kept.
  const has = cache.has.bind(cache);
  cache.has = async (name, key) => {
    const kept = await has(name, key);
    if (kept && name.startsWith('entries.gbk.csv-')) {
      for (const version of await readdir(root)) await rm(path.join(root, version, `${name}.${key}`), { force: true });
    }
    return kept;
  };
  await assert.rejects(writeExports(path.join(dir, 'again-out'), state, [], cache), /在本次发布中被改动或删除/);
});

test('given the live files\' compositions, a list made of the same pieces and events is neither written nor read, its pieces are kept from pruning, and any change writes every file', async (t) => {
  const dir = await folder(t);
  const state = { entries: ENTRIES, asOf: '2026-11-26', builtAt: '2026-11-26T02:00:00.000Z', site: { city: '本溪市', sampleData: true } };
  const root = path.join(dir, 'pieces');
  // The workbook is dated the day the list last changed (with no change at all, the day it is built).
  const changes: ChangeEvent[] = [{ seq: 1, op: 'ADD', entryId: ENTRIES[0]!.id, caseNumber: ENTRIES[0]!.caseNumber, court: ENTRIES[0]!.court, date: '2026-11-20', recordedAt: '2026-11-20T02:00:00.000Z' }];
  const first = await writeExports(path.join(dir, 'first'), state, changes, await exportPieceCache(root));
  // The Atom feed is as new as its latest event, not as the build.
  assert.match(await readFile(path.join(dir, 'first', 'data/changes.atom'), 'utf8'), /^ {2}<updated>2026-11-20T02:00:00\.000Z<\/updated>$/m);
  // The next day, built at another time: nothing of the list changed.
  const nextDay = { ...state, asOf: '2026-11-27', builtAt: '2026-11-27T02:00:00.000Z' };
  const cache = await exportPieceCache(root);
  const again = await writeExports(path.join(dir, 'again'), nextDay, changes, cache, first.compositions);
  assert.deepEqual(again.compositions, first.compositions);
  assert.deepEqual([...again.digests.keys()], [], 'not even the Atom feed: it is dated by its latest event');
  assert.deepEqual(again.assembled, {});
  assert.equal(cache.hits + cache.misses, 0, 'no piece read or made');
  const before = (await readdir(root, { recursive: true })).sort();
  await cache.prune();
  assert.deepEqual((await readdir(root, { recursive: true })).sort(), before, 'every piece kept');
  // One entry fewer: every file is written again.
  const changed = await writeExports(path.join(dir, 'changed'), { ...nextDay, entries: ENTRIES.slice(1) }, changes, await exportPieceCache(root), first.compositions);
  assert.deepEqual([...changed.digests.keys()].sort(), [...EXPORT_FILES].sort());
  // The change files are made of the events alone, the same here.
  for (const file of Object.keys(first.compositions)) if (file !== 'data/changes.json' && file !== 'data/changes.atom') assert.notEqual(changed.compositions[file], first.compositions[file], file);
  // The same pieces, but the privacy check now looks for other strings: every file is written (and checked) again.
  assert.deepEqual([...(await writeExports(path.join(dir, 'hidden'), nextDay, changes, await exportPieceCache(root), first.compositions, 'another hidden party')).digests.keys()].sort(), [...EXPORT_FILES].sort());
  // Without the live compositions (a release, other code) every file is written too.
  assert.deepEqual([...(await writeExports(path.join(dir, 'release'), nextDay, changes, await exportPieceCache(root))).digests.keys()].sort(), [...EXPORT_FILES].sort());
});

test('a new day with no change to the list keeps the workbook byte for byte: it is dated the day the list last changed', async (t) => {
  const dir = await folder(t);
  const state = { entries: ENTRIES, asOf: '2026-11-26', builtAt: '2026-11-26T02:00:00.000Z', site: { city: '本溪市', sampleData: true } } as never;
  const event = (seq: number, date: string): ChangeEvent => ({ seq, op: 'ADD', entryId: ENTRIES[0]!.id, caseNumber: ENTRIES[0]!.caseNumber, court: ENTRIES[0]!.court, date, recordedAt: `${date}T02:00:00.000Z` });
  const changes = [event(1, '2026-11-20')];
  const workbook = (which: string) => readFile(path.join(dir, which, 'data/entries.xlsx'));
  await writeExports(path.join(dir, 'first'), state, changes);
  await writeExports(path.join(dir, 'next-day'), { ...(state as object), asOf: '2026-11-27' } as never, changes);
  assert.deepEqual(await workbook('next-day'), await workbook('first'));
  // A change to the list dates it anew.
  await writeExports(path.join(dir, 'changed'), { ...(state as object), asOf: '2026-11-27' } as never, [...changes, event(2, '2026-11-27')]);
  assert.notDeepEqual(await workbook('changed'), await workbook('first'));
  const date = (zip: Buffer) => zip.readUInt16LE(12);
  assert.equal(date(await workbook('changed')), ((2026 - 1980) << 9) | (11 << 5) | 27);
  assert.equal(date(await workbook('first')), ((2026 - 1980) << 9) | (11 << 5) | 20);
});

test('taking one entry down makes again only the pieces that held it, not its whole month, and the files are those written from nothing', async (t) => {
  const dir = await folder(t);
  const state = (entries: PublishedEntry[]) => ({ entries, asOf: '2026-11-26', builtAt: '2026-11-26T02:00:00.000Z', site: { city: '本溪市', sampleData: true } });
  // One month of 4,000 entries: cut, by the ids' hashes, into a few pieces.
  const month = Array.from({ length: 4000 }, (_, i) => ({ id: `bx-${String(i).padStart(6, '0')}`, kind: 'person', name: `李明${i}`, court: '本溪市平山区人民法院', behaviours: [1], publishedOn: '2026-03-01' }) as unknown as PublishedEntry);
  const first = await exportPieceCache(path.join(dir, 'pieces'));
  await writeExports(path.join(dir, 'live'), state(month), [], first);
  const pieces = first.misses / 5; // JSON, two CSVs, GBK and the workbook's rows, each cut alike
  assert.ok(pieces >= 2, `${pieces} pieces`);
  const kept = month.filter((_, i) => i !== 2000);
  const again = await exportPieceCache(path.join(dir, 'pieces'));
  await writeExports(path.join(dir, 'patched'), state(kept), [], again);
  await writeExports(path.join(dir, 'whole'), state(kept), []);
  // The piece that held it in each of the five files (or two, had it ended a piece).
  assert.ok([5, 10].includes(again.misses) && again.misses / 5 < pieces, `${again.misses / 5} of ${pieces} made again`);
  for (const file of ['data/entries.json', 'data/entries.csv', 'data/entries.en.csv', 'data/entries.gbk.csv', 'data/entries.xlsx']) {
    assert.deepEqual(await readFile(path.join(dir, 'patched', file)), await readFile(path.join(dir, 'whole', file)), file);
  }
});

test('a piece whose entries are unchanged is taken from the cache without serialising its entries again: the texts the plan made of them key it', async (t) => {
  const dir = await folder(t);
  const state = (entries: PublishedEntry[]) => ({ entries, asOf: '2026-11-26', builtAt: '2026-11-26T02:00:00.000Z', site: { city: '本溪市', sampleData: true } });
  await writeExports(path.join(dir, 'live'), state(ENTRIES), [], await exportPieceCache(path.join(dir, 'pieces')));
  // The same list read again by the next publication: new objects, whose JSON the plan has made
  // (state-files.ts writes every entry with entryJson). Serialising one now would throw.
  let serialised = 0;
  const again = ENTRIES.map((e) => {
    const copy = { ...e };
    entryJson(copy);
    Object.defineProperty(copy, 'toJSON', { enumerable: false, value: () => { serialised++; throw new Error(`${e.id} serialised again`); } });
    return copy;
  });
  const cache = await exportPieceCache(path.join(dir, 'pieces'));
  await writeExports(path.join(dir, 'next'), state(again), [], cache);
  assert.equal(serialised, 0);
  assert.deepEqual([cache.hits, cache.misses], [15, 0]);
  for (const file of ['data/entries.json', 'data/entries.csv', 'data/entries.xlsx']) {
    assert.deepEqual(await readFile(path.join(dir, 'next', file)), await readFile(path.join(dir, 'live', file)), file);
  }
});

test('the assembled files are written piece after piece, never joined into one buffer, and their .gz joined from the pieces still inflate to them', async (t) => {
  const dir = await folder(t);
  const month = Array.from({ length: 3000 }, (_, i) => ({ id: `bx-${String(i).padStart(6, '0')}`, kind: 'person', name: `李明${i}`, court: '本溪市平山区人民法院', caseNumber: `(2025)辽0502执${i}号`, behaviours: [1], publishedOn: '2026-03-01' }) as unknown as PublishedEntry);
  const state = { entries: month, asOf: '2026-11-26', builtAt: '2026-11-26T02:00:00.000Z', site: { city: '本溪市', sampleData: true } };
  const cache = await exportPieceCache(path.join(dir, 'pieces'));
  await writeExports(path.join(dir, 'first'), state, [], cache);
  // Joined buffers are watched on the second write, from kept pieces, as a delisting writes them.
  const concat = Buffer.concat;
  let largest = 0;
  Buffer.concat = ((list: readonly Uint8Array[], length?: number) => {
    const joined = concat(list, length);
    largest = Math.max(largest, joined.length);
    return joined;
  }) as typeof Buffer.concat;
  try {
    const written = await writeExports(path.join(dir, 'second'), state, [], await exportPieceCache(path.join(dir, 'pieces')));
    await written.writeGzips(path.join(dir, 'second'));
  } finally {
    Buffer.concat = concat;
  }
  const sizes = await Promise.all(['data/entries.csv', 'data/entries.en.csv', 'data/entries.gbk.csv', 'data/entries.json'].map(async (file) => (await readFile(path.join(dir, 'second', file))).length));
  assert.ok(largest < Math.min(...sizes) / 2, `a buffer of ${largest} bytes was joined; the files are ${sizes.join(', ')} bytes`);
  for (const file of ['data/entries.json', 'data/entries.csv', 'data/entries.gbk.csv']) {
    assert.deepEqual(await readFile(path.join(dir, 'second', file)), await readFile(path.join(dir, 'first', file)), file);
    assert.deepEqual(gunzipSync(await readFile(path.join(dir, 'second', `${file}.gz`))), await readFile(path.join(dir, 'second', file)), `${file}.gz`);
  }
});
