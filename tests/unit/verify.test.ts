import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatLeak, redact, verifyOutput } from '../../scripts/lib/verify-output.ts';
import { barChart } from '../../site/lib/charts.ts';
import { entriesGbkCsv, entriesXlsx } from '../../scripts/lib/exports.ts';
import type { PublishedEntry } from '../../scripts/lib/publish-state.ts';
import type { SensitiveRecord } from '../../scripts/lib/hidden-parties.ts';
import { idCheckCharacter, maskIdNumber } from '../../scripts/lib/shared/rules/id-number.ts';
import { loadPublishState } from '../../scripts/lib/publish-state.ts';
import { AS_OF, contentFolder, idNumber, personRow, removeFolder } from '../fixtures/unit/records.ts';

const PUBLISHED_ID = idNumber('210502', '19850315', '123');
const HIDDEN_ID = idNumber('210502', '20081201', '468');
const SENSITIVE: SensitiveRecord[] = [{ id: 'p-003', status: 'withheld', strings: ['周小红', maskIdNumber(HIDDEN_ID), 'zhouxiaohong'] }];

/** A small release folder: a page, a JSON export and its gzip-compressed copy, all clean. */
async function outputFolder(t: TestContext, extra: Record<string, string | Buffer> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-verify-'));
  t.after(() => removeFolder(dir));
  const files: Record<string, string | Buffer> = {
    'index.html': '<!doctype html><title>失信被执行人名单</title>',
    'entry/p-001/index.html': `<h1>赵建国</h1><td>${maskIdNumber(PUBLISHED_ID)}</td><td>(2024)辽0502执123号</td>`,
    'export/list.json': JSON.stringify([{ id: 'p-001', name: '赵建国', idNumberMasked: maskIdNumber(PUBLISHED_ID) }]),
    'export/list.json.gz': gzipSync(JSON.stringify([{ id: 'p-001', name: '赵建国', idNumberMasked: maskIdNumber(PUBLISHED_ID) }])),
    ...extra,
  };
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

test('clean output, masked ID numbers included, reports no leak and counts every file', async (t) => {
  const dir = await outputFolder(t);
  const { files, leaks, scannedBytes } = await verifyOutput(dir, SENSITIVE);
  assert.deepEqual({ files, leaks }, { files: 4, leaks: [] });
  assert.ok(scannedBytes > 0);
});

test('a full ID number planted in an HTML page is found, in that file', async (t) => {
  const dir = await outputFolder(t, { 'entry/p-002/index.html': `<td>身份证号码</td><td>${PUBLISHED_ID}</td>` });
  const { leaks } = await verifyOutput(dir, SENSITIVE);
  assert.equal(leaks.length, 1);
  assert.equal(leaks[0]!.what, 'fullIdNumber');
  assert.equal(leaks[0]!.file, path.join(dir, 'entry/p-002/index.html'));
});

test('a full ID number is found even with no sensitive records to look for', async (t) => {
  const dir = await outputFolder(t, { 'a.txt': PUBLISHED_ID });
  assert.equal((await verifyOutput(dir, [])).leaks.length, 1);
});

test('eighteen digits whose birth date is after the publication date are no one\'s ID number yet, and are one from that date on', async (t) => {
  // The counts of /stats/ at 100,000 entries, one per line: 504913205103203049 reads as province
  // 50, born 2051-03-20, with a valid check character.
  const dir = await outputFolder(t, { 'stats/counts.csv': '86667\n3096\n5049\n13205\n10320\n3049\n' });
  assert.deepEqual((await verifyOutput(dir, [], new Set(), { asOf: '2026-12-03' })).leaks, []);
  assert.deepEqual((await verifyOutput(dir, [], new Set(), { asOf: '2051-03-20' })).leaks.map((l) => [path.basename(l.file), l.what]), [['counts.csv', 'fullIdNumber']]);
  // Without a publication date to compare with, as before: refused.
  assert.equal((await verifyOutput(dir, [])).leaks.length, 1);
  // A real number born today is found today.
  const today = await outputFolder(t, { 'a.txt': idNumber('210502', '20261203', '123') });
  assert.equal((await verifyOutput(today, [], new Set(), { asOf: '2026-12-03' })).leaks.length, 1);
});

test('a chart\'s own numbers are read apart, each drawn where its coordinates put it; its labels of data, and the same markup written by data, are read joined', async (t) => {
  // Six counts that follow each other in the markup, as those of the chart that refused a publication did,
  // and that together spell a valid ID number, born in 1985: 210 512 198 511 151 109.
  const counts = [210, 512, 198, 511, 151, 109].map((count, i) => ({ label: `失信情形${'甲乙丙丁戊己'[i]}`, count }));
  const chart = barChart({ id: 'c', title: '按失信情形', description: '条形图' }, counts);
  const dir = await outputFolder(t, { 'stats/index.html': `<main>${chart}</main>`, 'stats/index.html.gz': gzipSync(`<main>${chart}</main>`) });
  assert.deepEqual((await verifyOutput(dir, [], new Set(), { asOf: '2026-12-03' })).leaks, []);
  // A number split over two labels of data (two courts' names, side by side) is found, as before.
  const courts = barChart({ id: 'd', title: '按法院', description: '条形图' }, [{ label: '甲法院 2105 0219 9', count: 3 }, { label: '001 0112 39 乙法院', count: 2 }]);
  const named = await outputFolder(t, { 'stats/index.html': courts });
  assert.equal((await verifyOutput(named, [])).leaks.length, 1);
  // Data may hold the chart's markup: a page's attribute does not escape <, a JSON export holds it as it is,
  // a page's script holds it escaped. A program may show any of them inline.
  const fake = `<svg class="stat-chart"><g class="stat-numbers"><text>2105 0219 9</text><text>001 0112 39</text></g></svg>`;
  const data = await outputFolder(t, {
    'data/x.json': JSON.stringify({ note: fake }),
    'p/index.html': `<script>${JSON.stringify({ note: fake }).replaceAll('<', '\\u003c')}</script>`,
    'q/index.html': `<meta property="og:image:alt" content="${fake.replaceAll('"', '&quot;')}">`,
  });
  assert.deepEqual((await verifyOutput(data, [])).leaks.map((l) => path.basename(path.dirname(l.file)) + '/' + path.basename(l.file)).sort(), ['data/x.json', 'p/index.html', 'q/index.html']);
});

test('a publication for a past date still finds a number born since: the bound is today when that is later', async (t) => {
  const dir = await outputFolder(t, { 'a.txt': idNumber('210502', '20100101', '123') });
  assert.equal((await verifyOutput(dir, [], new Set(), { asOf: '2000-01-01' })).leaks.length, 1);
});

test('in worker threads too, digits born after the publication date are no one\'s ID number, and a real one is', async (t) => {
  const dir = await outputFolder(t, { 'stats/counts.csv': '86667\n3096\n5049\n13205\n10320\n3049\n', 'b.txt': PUBLISHED_ID });
  const previous = process.env.GONGSHI_VERIFY_WORKERS;
  process.env.GONGSHI_VERIFY_WORKERS = '2';
  t.after(() => (previous === undefined ? delete process.env.GONGSHI_VERIFY_WORKERS : (process.env.GONGSHI_VERIFY_WORKERS = previous)));
  assert.deepEqual((await verifyOutput(dir, [], new Set(), { asOf: '2026-12-03' })).leaks.map((l) => path.basename(l.file)), ['b.txt']);
});

test('digits born after the publication date do not hide a real ID number that overlaps them', async (t) => {
  // 110105205001010721 reads as born 2050-01-01 (no one's yet), and takes the 21 that starts 210502199001011239.
  const dir = await outputFolder(t, { 'entry/x/index.html': '<td>1101 0520 5001 0107 2</td><td>1 0502 1990 0101 1239</td>' });
  assert.deepEqual((await verifyOutput(dir, [], new Set(), { asOf: '2026-12-03' })).leaks.map((l) => l.found), [redact('210502199001011239')]);
});

test('a withheld person\'s name planted in a plain file is found and attributed to the record', async (t) => {
  const dir = await outputFolder(t, { 'feed/changes.txt': 'ADD p-003 周小红\n' });
  const { leaks } = await verifyOutput(dir, SENSITIVE);
  assert.deepEqual(leaks.map(({ file, what, entryId, status }) => ({ file, what, entryId, status })), [
    { file: path.join(dir, 'feed/changes.txt'), what: 'sensitive', entryId: 'p-003', status: 'withheld' },
  ]);
});

test('a sensitive name inside a gzip-compressed copy is found', async (t) => {
  const copy = gzipSync(JSON.stringify({ url: '/entry/p-003/', content: 'zhouxiaohong', meta: { title: '周小红' } }));
  const dir = await outputFolder(t, { 'search/p-003.json.gz': copy });
  const { leaks } = await verifyOutput(dir, SENSITIVE);
  assert.deepEqual(leaks.map((l) => [path.basename(l.file), l.entryId]), [
    ['p-003.json.gz', 'p-003'],
    ['p-003.json.gz', 'p-003'],
  ]);
});

/** The list downloads with one entry whose obligation names the hidden person (as a careless batch could). */
const PLANTED = [{ id: 'p-001', kind: 'person', name: '赵建国', court: '本溪市平山区人民法院', behaviours: [1], obligation: '偿还周小红借款', publishedOn: '2025-03-01' }] as unknown as PublishedEntry[];
const CLEAN = [{ ...PLANTED[0]!, obligation: '偿还借款' }] as PublishedEntry[];

test('a hidden person\'s name inside the XLSX download (a zip of deflated XML) is found, and a clean workbook passes', async (t) => {
  const planted = await outputFolder(t, { 'data/entries.xlsx': Buffer.from(await entriesXlsx(PLANTED, AS_OF)) });
  const found = new Set((await verifyOutput(planted, SENSITIVE)).leaks.map((l) => `${path.basename(l.file)} ${l.entryId}`));
  assert.deepEqual([...found], ['entries.xlsx p-003']);
  const clean = await outputFolder(t, { 'data/entries.xlsx': Buffer.from(await entriesXlsx(CLEAN, AS_OF)) });
  assert.deepEqual((await verifyOutput(clean, SENSITIVE)).leaks, []);
});

test('a full ID number in an XLSX cell is found, and the numbers of neighbouring cells are not read as one', async (t) => {
  // 60 rows: shared-string numbers and ages side by side in the sheet XML (<v>32</v></c><c><v>33</v>…).
  const many = Array.from({ length: 60 }, (_, i) => ({ ...CLEAN[0]!, id: `p-${100 + i}`, name: `赵${i}号`, age: 30 + (i % 9), caseNumber: `(2025)辽0502执${100 + i}号` })) as PublishedEntry[];
  const clean = await outputFolder(t, { 'data/entries.xlsx': Buffer.from(await entriesXlsx(many, AS_OF)) });
  assert.deepEqual((await verifyOutput(clean, [])).leaks, []);
  const planted = await outputFolder(t, { 'data/entries.xlsx': Buffer.from(await entriesXlsx([{ ...many[0]!, obligation: `身份证 ${PUBLISHED_ID}` }, ...many.slice(1)], AS_OF)) });
  assert.ok((await verifyOutput(planted, [])).leaks.some((l) => l.what === 'fullIdNumber'));
});

test('a hidden person\'s name inside the GBK CSV download is found once decoded, and a clean GBK file passes', async (t) => {
  const planted = await outputFolder(t, { 'data/entries.gbk.csv': Buffer.from(entriesGbkCsv(PLANTED)), 'data/entries.gbk.csv.gz': gzipSync(entriesGbkCsv(PLANTED)) });
  assert.deepEqual((await verifyOutput(planted, SENSITIVE)).leaks.map((l) => [path.basename(l.file), l.entryId]).sort(), [
    ['entries.gbk.csv', 'p-003'],
    ['entries.gbk.csv.gz', 'p-003'],
  ]);
  const clean = await outputFolder(t, { 'data/entries.gbk.csv': Buffer.from(entriesGbkCsv(CLEAN)) });
  assert.deepEqual((await verifyOutput(clean, SENSITIVE)).leaks, []);
});

test('a full ID number inside gzip-compressed bytes is found, whatever the file is called', async (t) => {
  const dir = await outputFolder(t, { 'search/bucket-1.bin': gzipSync(`x ${PUBLISHED_ID} y`) });
  assert.deepEqual((await verifyOutput(dir, SENSITIVE)).leaks.map((l) => l.what), ['fullIdNumber']);
});

test('a hidden person\'s masked ID number is found', async (t) => {
  const dir = await outputFolder(t, { 'export/list.csv': `p-003,${maskIdNumber(HIDDEN_ID)}\n` });
  assert.deepEqual((await verifyOutput(dir, SENSITIVE)).leaks.map((l) => l.entryId), ['p-003']);
});

test('the report hides the middle of what it found, so it does not leak itself', async (t) => {
  const dir = await outputFolder(t, { 'a.html': `${PUBLISHED_ID} 周小红 ${maskIdNumber(HIDDEN_ID)}` });
  const { leaks } = await verifyOutput(dir, SENSITIVE);
  assert.equal(leaks.length, 3);
  const report = leaks.map((l) => formatLeak(l, dir)).join('\n');
  for (const secret of [PUBLISHED_ID, '周小红', maskIdNumber(HIDDEN_ID), PUBLISHED_ID.slice(1, 17)]) {
    assert.equal(JSON.stringify(leaks).includes(secret), false, secret);
    assert.equal(report.includes(secret), false, secret);
  }
  assert.match(report, /a\.html：含完整 18 位身份证号码 2\*{16}7/);
  assert.match(report, /不应公开的记录 p-003（暂缓公开）的信息 周\*红/);
});

test('redact keeps only the first and last character', () => {
  assert.equal(redact('周小红'), '周*红');
  assert.equal(redact('欧阳娜娜'), '欧**娜');
  assert.equal(redact('张伟'), '张*');
  assert.equal(redact('11010519491231002X'), `1${'*'.repeat(16)}X`);
  assert.equal(redact('𠮷祥'), '𠮷*');
});

test('an 18-digit credit code of a published organisation is not taken for an ID number, an unknown one is', async () => {
  const lookalike = `21050219800101123${idCheckCharacter('21050219800101123')}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-verify-code-'));
  try {
    await writeFile(path.join(dir, 'org.html'), `<dd>${lookalike}</dd>`);
    assert.equal((await verifyOutput(dir, [], new Set([lookalike]))).leaks.length, 0);
    assert.equal((await verifyOutput(dir, [])).leaks.length, 1);
  } finally {
    removeFolder(dir);
  }
});

test('each occurrence is reported on its own: a hidden string that starts inside another one found is found too', async (t) => {
  const dir = await outputFolder(t, { 'index.html': '<p>王建华公司</p>' });
  const hidden: SensitiveRecord[] = [{ id: 'p-1', status: 'decided', strings: ['王建', '建华公司'] }];
  const { leaks } = await verifyOutput(dir, hidden);
  assert.deepEqual(leaks.map((l) => l.found), [redact('王建'), redact('建华公司')]);
});

test('a full ID number written as a reader would still read it is found: full-width, spaced, hyphenated, NBSP, zero-width, letters attached, split by tags in a case body', async (t) => {
  const wide = PUBLISHED_ID.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  const forms = {
    'wide.html': `<td>${wide}</td>`,
    'spaced.txt': `${PUBLISHED_ID.slice(0, 6)} ${PUBLISHED_ID.slice(6, 14)} ${PUBLISHED_ID.slice(14)}`,
    'hyphens.csv': `p-9,${PUBLISHED_ID.slice(0, 6)}-${PUBLISHED_ID.slice(6, 14)}-${PUBLISHED_ID.slice(14)}`,
    'nbsp.html': `<p>${PUBLISHED_ID.slice(0, 9)}\u00A0${PUBLISHED_ID.slice(9)}</p>`,
    'zero-width.json': JSON.stringify({ note: Array.from(PUBLISHED_ID).join('\u200B') }),
    'attached.html': `<p>ID${PUBLISHED_ID}abc</p>`,
    'case.html': `<article><p>被执行人身份证号 ${PUBLISHED_ID.slice(0, 4)}<b>${PUBLISHED_ID.slice(4, 6)}</b>${PUBLISHED_ID.slice(6, 10)}<em>${PUBLISHED_ID.slice(10)}</em></p></article>`,
  };
  const dir = await outputFolder(t, forms);
  const { leaks } = await verifyOutput(dir, SENSITIVE);
  assert.deepEqual(leaks.filter((l) => l.what === 'fullIdNumber').map((l) => path.basename(l.file)).sort(), Object.keys(forms).sort());
});

test('a hidden person\'s name with a zero-width character inside or in traditional characters is found in an output file', async (t) => {
  const dir = await outputFolder(t, { 'a.html': '<p>周\u200B小红</p>', 'b.json': '{"name":"周小紅"}', 'c.txt': '周&#23567;红' });
  const { leaks } = await verifyOutput(dir, SENSITIVE);
  assert.deepEqual(leaks.map((l) => [path.basename(l.file), l.entryId]).sort(), [['a.html', 'p-003'], ['b.json', 'p-003'], ['c.txt', 'p-003']]);
});

test('a minor named in another published entry\'s obligation stays among the strings verify looks for', async (t) => {
  const minor = personRow({ id: 'p-minor', name: '周小红', age: 16, idNumber: idNumber('210502', '20100101', '468') });
  const other = personRow({ id: 'p-002', name: '李建华', obligation: '向周小红支付抚养费三万元', idNumber: idNumber('210502', '19700101', '111'), caseNumber: '(2024)辽0502执124号' });
  const root = await contentFolder({ 'entries/a.json': [minor, other] });
  t.after(() => removeFolder(root));
  const { sensitive } = await loadPublishState(root, AS_OF);
  assert.ok(sensitive.find((r) => r.id === 'p-minor')!.strings.includes('周小红'));
});
