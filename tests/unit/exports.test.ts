// The CSV download is opened in spreadsheets by departments and banks: a cell must never run
// as a formula, and every cell must read back as written.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { entriesCsv, patchExports, writeExports } from '../../scripts/lib/exports.ts';
import type { PublishedEntry } from '../../scripts/lib/publish-state.ts';

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

const entry = (i: number, name: string) => ({ id: `p-${i}`, kind: 'person', name, court: '本溪市平山区人民法院', behaviours: [1, 3], age: 40 }) as unknown as PublishedEntry;
const ENTRIES = NAMES.map(([name], i) => entry(i, name));

test('the CSV export defuses every cell a spreadsheet would run as a formula, and reads back cell for cell', () => {
  const csv = entriesCsv(ENTRIES);
  assert.ok(csv.startsWith('\uFEFF'), 'BOM for Excel');
  assert.ok(csv.endsWith('\r\n'));
  const [labels, fields, ...rows] = parse(csv.slice(1)) as string[][];
  assert.equal(labels![0], '记录编号');
  assert.equal(fields![2], 'name');
  assert.deepEqual(rows.map((r) => r[2]), NAMES.map(([, shown]) => shown));
  assert.deepEqual(rows.map((r) => r[19]), NAMES.map(() => '1;3'), 'behaviours joined by ;');
  // Outside quotes, a line break only ever ends a row: a reader splitting on CR or LF sees no broken row.
  const unquoted = csv.replace(/"(?:[^"]|"")*"/g, '');
  assert.equal(unquoted.match(/\r\n/g)?.length, ENTRIES.length + 2);
  assert.doesNotMatch(unquoted.replace(/\r\n/g, ''), /[\r\n]/);
});

async function folder(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gongshi-exports-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('cutting entries out of the live CSV gives the bytes of writing it whole, quoted and defused cells included', async (t) => {
  const dir = await folder(t);
  const state = (entries: PublishedEntry[]) => ({ entries, asOf: '2026-11-26', builtAt: '2026-11-26T02:00:00.000Z', site: { city: '本溪市', sampleData: true } });
  await writeExports(path.join(dir, 'live'), state(ENTRIES), []);
  // A row that spans lines, a defused one and a quoted one; the first and the last.
  const removed = [ENTRIES[0]!, ENTRIES[5]!, ENTRIES[7]!, ENTRIES[9]!, ENTRIES.at(-1)!];
  const kept = ENTRIES.filter((e) => !removed.includes(e));
  assert.equal(await patchExports(path.join(dir, 'live'), path.join(dir, 'patched'), state(kept), [], removed, []), true);
  await writeExports(path.join(dir, 'whole'), state(kept), []);
  const read = (which: string) => readFile(path.join(dir, which, 'data/entries.csv'), 'utf8');
  assert.equal(await read('patched'), await read('whole'));
});
