// No page prints the as-of date: it lives in /freshness.json, which pages read in the browser.
// So a new day with no change to the list changes that one file, and Astro's incremental build
// re-renders no page (a page whose cacheKey held the date would be rendered again, every day).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { buildSite } from '../../scripts/build.ts';
import { layoutOf } from '../../scripts/lib/release.ts';
import { FRESHNESS_FILE, type Freshness } from '../../scripts/lib/freshness.ts';
import { ROOT, contentFolder, decisionRow, idNumber, orgRow, personRow, removeFolder, type Row } from '../fixtures/unit/records.ts';

const DAY = '2026-11-26';
const CASE = '2025-07-01-wages-paid-in-instalments.md';
const NEXT_DAY = '2026-11-27';

/** Entries that neither expire nor become public on either day; a namesake pair; one delisted. */
const STEADY = [
  personRow({ id: 'p-1', name: '赵建国' }),
  personRow({ id: 'p-2', name: '赵建国', idNumber: idNumber('210502', '19790101', '235'), caseNumber: '(2024)辽0502执124号', publishedOn: '2025-04-11' }),
  personRow({ id: 'p-3', name: '钱秀英', idNumber: idNumber('210502', '19880808', '246'), caseNumber: '(2024)辽0502执125号', publishedOn: '2025-05-12' }),
  personRow({ id: 'p-4', name: '孙志强', idNumber: idNumber('210502', '19900909', '257'), caseNumber: '(2024)辽0502执126号' }),
  orgRow(),
];

async function fixtureSite(t: TestContext, more: Row[] = []): Promise<{ content: string; out: string }> {
  const content = await contentFolder({
    'entries/a.json': [...STEADY, ...more],
    'decisions/a.json': [decisionRow({ id: 'dc-1', entryId: 'p-4', docNumber: '(2024)辽0502执126号之一' })],
    'site.json': JSON.stringify({ city: '本溪市', sampleData: true }),
    [`cases/${CASE}`]: await readFile(path.join(ROOT, 'content/cases', CASE), 'utf8'),
  });
  const out = `${content}-out`;
  t.after(async () => {
    await removeFolder(content);
    await removeFolder(out);
  });
  return { content, out };
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** Every HTML page of the live release, by path; with `everything`, every file but the freshness file and the bulk data. */
async function pages(out: string, everything = false): Promise<Map<string, string>> {
  const root = await realpath(path.join(out, 'site'));
  const html = (await filesUnder(root)).filter((f) => (everything ? f !== FRESHNESS_FILE && !f.startsWith('data/') && !/\.(gz|br)$/.test(f) : f.endsWith('.html')));
  return new Map(await Promise.all(html.map(async (f) => [f, await readFile(path.join(root, f), 'utf8')] as const)));
}

async function freshness(out: string): Promise<Freshness> {
  return JSON.parse(await readFile(path.join(out, 'site', FRESHNESS_FILE), 'utf8')) as Freshness;
}

test('a rebuild the next day with no change to the list leaves every page byte for byte and renders none of them again', async (t) => {
  const { content, out } = await fixtureSite(t);
  await buildSite({ content, out, today: DAY, strict: false, quiet: true });
  const before = await pages(out, true);
  assert.ok(before.has('entry/p-1/index.html') && before.has('entry/p-4/index.html'), 'the fixture has an entry page and a notice page');
  assert.equal((await freshness(out)).asOf, DAY);

  const report = await buildSite({ content, out, today: NEXT_DAY, strict: false, quiet: true });
  const after = await pages(out, true);
  assert.ok(before.has('cases/feed.atom'));
  assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
  for (const [file, html] of before) assert.equal(after.get(file), html, `${file} changed although only the day did`);
  assert.equal(report.mode, 'patch');
  assert.deepEqual(report.planned, [], 'these pages were rendered again');
  const fresh = await freshness(out);
  assert.equal(fresh.asOf, NEXT_DAY, 'the freshness file carries the new day');
  assert.equal(fresh.published, 4);
});

test('the next day, only the pages of entries that expire or become public that day, and the lists that show them, are rendered again', async (t) => {
  const { content, out } = await fixtureSite(t, [
    // Listed through DAY, expired on NEXT_DAY; alone in its month of a court that keeps another entry.
    personRow({ id: 'p-5', name: '李桂兰', court: '本溪市溪湖区人民法院', district: '溪湖区', idNumber: idNumber('210503', '19700505', '268'), caseNumber: '(2024)辽0503执90号', publishedOn: '2025-06-06', listingEndsOn: DAY }),
    // Public from NEXT_DAY.
    personRow({ id: 'p-6', name: '周海燕', idNumber: idNumber('210502', '19920202', '279'), caseNumber: '(2024)辽0502执127号', publishedOn: NEXT_DAY }),
  ]);
  await buildSite({ content, out, today: DAY, strict: false, quiet: true });
  const { mode, planned } = await buildSite({ content, out, today: NEXT_DAY, strict: false, quiet: true });
  assert.equal(mode, 'patch');
  const rerendered = [...planned].sort();
  assert.deepEqual(rerendered.filter((f) => f.startsWith('entry/')), ['entry/p-5/index.html', 'entry/p-6/index.html']);
  // The courts' pages (counts, newest entries) and the new entry's month; p-5's month is gone.
  assert.deepEqual(rerendered.filter((f) => f.startsWith('list/')), ['list/0502/2026-11/index.html', 'list/0502/index.html', 'list/0503/index.html']);
  // Besides: the notices (p-5's expiry is one) and the tables of /stats/ (every count moved).
  assert.deepEqual(rerendered.filter((f) => !/^(entry|list)\//.test(f)), ['notices/index.html', 'stats/listed-by-court.csv', 'stats/listed-by-district.csv', 'stats/monthly.csv', 'stats/removals-by-type.csv']);
  const notice = await readFile(path.join(out, 'site', 'entry/p-5/index.html'), 'utf8');
  assert.ok(notice.includes('期限届满') && !notice.includes('李桂兰'), 'the expired entry\'s page is now a notice without its name');
});

test('no page prints the as-of date or the build time; the freshness file carries both', async (t) => {
  const { content, out } = await fixtureSite(t);
  await buildSite({ content, out, today: DAY, strict: false, quiet: true });
  const fresh = await freshness(out);
  assert.deepEqual(Object.keys(fresh).sort(), ['asOf', 'builtAt', 'format', 'lastChangeSeq', 'published']);
  assert.equal(fresh.asOf, DAY);
  assert.match(fresh.builtAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  const printed = ['2026年11月26日', DAY, fresh.builtAt.slice(0, 19), fresh.builtAt.replace('T', ' ').slice(0, 19)];
  const all = await pages(out);
  assert.ok(all.size > 10);
  for (const [file, html] of all) {
    // An entry's provenance line names the day its batch was received: a fixed date (the first
    // build's, here the same day), not the as-of date, so it does not change from day to day.
    const page = html.replace(/<p[^>]*data-provenance[^>]*>[^]*?<\/p>/g, '');
    for (const date of printed) assert.ok(!page.includes(date), `${file} prints ${date}`);
  }
  // Without JavaScript, the footer still says where to find the date.
  assert.match(all.get('entry/p-1/index.html')!, /data-freshness="名单信息截至 \{asOf\}">名单信息以本站最近一次更新为准/);
});
