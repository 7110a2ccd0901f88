// Delisting end to end, on private builds of the sample: a decision takes an entry out of
// every output within one rebuild, the old URL serves a notice, the feed says so, and a
// build that fails or dies never replaces the live site.
import { execFile, spawn } from 'node:child_process';
import { readFile, writeFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import readExcelFile from 'read-excel-file/node';
import { FIXTURE_IDS } from '../../scripts/lib/sample/generate.ts';
import { readTable } from '../../scripts/lib/ingest/read-table.ts';
import { mapEntryColumns } from '../../scripts/lib/ingest/columns.ts';
import { watchContent } from '../../scripts/watch.ts';
import { ROOT } from '../helpers/build-fixture.ts';
import { siteUnderTest, type SiteUnderTest } from '../helpers/site-under-test.ts';
import { searchIds } from './search-helpers.ts';

const run = promisify(execFile);
// Each test rebuilds the sample (several builds per test); on two busy cores that takes a while.
test.describe.configure({ mode: 'serial', timeout: 180_000 });

async function rawEntry(content: string, id: string): Promise<Record<string, unknown>> {
  for (const name of ['sample-2025-a.json', 'sample-2025-b.jsonl', 'sample-2026-c.csv', 'sample-2026-d-gbk.csv']) {
    const file = path.join(content, 'entries', name);
    for (const row of readTable(file, await readFile(file)).rows) {
      const { mapped } = mapEntryColumns(row.values);
      if (mapped.id === id) return mapped;
    }
  }
  throw new Error(`no sample entry ${id}`);
}

/** Every case page's related case-number links, by case: what a delisting must leave unchanged. */
async function caseNumberLinks(request: import('@playwright/test').APIRequestContext, url: string): Promise<Record<string, string[]>> {
  const { cases } = (await (await request.get(`${url}/data/cases.json`)).json()) as { cases: { slug: string }[] };
  const links: Record<string, string[]> = {};
  for (const { slug } of cases) {
    const html = await (await request.get(`${url}/cases/${slug}/`)).text();
    links[slug] = [...(/<dd data-related-numbers[^>]*>([^]*?)<\/dd>/.exec(html)?.[1] ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
  }
  return links;
}

let site: SiteUnderTest;
test.beforeAll(async () => {
  site = await siteUnderTest();
});
test.afterAll(async () => {
  await site?.close();
});

test('a delisted entry disappears from search, lists, exports and feeds, and its URL shows the notice', async ({ page, request }) => {
  const id = FIXTURE_IDS.liSiguang;
  const raw = await rawEntry(site.content, id);
  const entryJson = await (await request.get(`${site.url}/data/entries.json`)).text();
  const published = (JSON.parse(entryJson) as { entries: { id: string; caseNumber: string; publishedOn: string }[] }).entries.find((e) => e.id === id)!;
  // The court's list is paged by month: the entry's month page shows it.
  const monthPage = `/list/0502/${published.publishedOn.slice(0, 7)}/`;
  expect(await (await request.get(`${site.url}${monthPage}`)).text()).toContain('李四光');
  // The GBK copy and the workbook, read as a clerk's software reads them.
  const clerkDownloads = async () => {
    const gbk = new TextDecoder('gbk').decode(await (await request.get(`${site.url}/data/entries.gbk.csv`)).body());
    const sheets = await readExcelFile(await (await request.get(`${site.url}/data/entries.xlsx`)).body());
    expect(gbk.startsWith('记录编号')).toBe(true);
    for (const sheet of sheets) expect(sheet.data[0]![0]).toBe('记录编号');
    // A sheet a month: the person is on the sheet of the month they were published in, as long as they are listed.
    const month = `${published.publishedOn.slice(0, 4)}年${Number(published.publishedOn.slice(5, 7))}月`;
    return [gbk, JSON.stringify(sheets.map((s) => s.data)), JSON.stringify(sheets.find((s) => s.sheet === month)?.data ?? [])];
  };
  for (const text of await clerkDownloads()) expect(text).toContain('李四光');
  for (const query of ['李四光', 'lisiguang', published.caseNumber, String(raw.idNumber)]) {
    expect(await searchIds(page, site.url, query), `before: ${query}`).toContain(id);
  }
  const linksBefore = await caseNumberLinks(request, site.url);
  expect(Object.values(linksBefore).flat()).toContain(`/entry/${id}/`);

  const { stdout } = await run(process.execPath, ['scripts/delist.ts', id, '--type', '屏蔽', '--reason', 'performed', '--doc', '(2026)辽0504执异88号', '--court', '本溪市平山区人民法院', '--date', '2026-11-25', '--today', '2026-11-26', '--content', site.content, '--out', site.out], { cwd: ROOT, env: { ...process.env, GONGSHI_QUIET: '1' } });
  expect(stdout).toContain('已记录决定');
  // Only a decision changed: the pipeline renders and replaces only what the removal touches (scripts/lib/publish.ts).
  expect(stdout).toContain('增量发布');

  // The same server, not restarted, now serves the new release.
  for (const query of ['李四光', 'lisiguang', published.caseNumber, String(raw.idNumber)]) {
    expect(await searchIds(page, site.url, query), `after: ${query}`).not.toContain(id);
  }
  const notice = await request.get(`${site.url}/entry/${id}/`);
  expect(notice.status()).toBe(410);
  const noticeHtml = await notice.text();
  expect(noticeHtml).toContain('依法屏蔽');
  expect(noticeHtml).toContain('(2026)辽0504执异88号');
  expect(noticeHtml).not.toContain('李四光');
  for (const file of ['/data/entries.json', '/data/entries.csv', '/data/entries.en.csv', '/list/0502/', monthPage, '/notices/']) {
    expect(await (await request.get(`${site.url}${file}`)).text(), file).not.toContain('李四光');
  }
  for (const text of await clerkDownloads()) expect(text).not.toContain('李四光');
  const notices = await (await request.get(`${site.url}/notices/`)).text();
  expect(notices).toContain(published.caseNumber);
  // Express delisting renders the case pages from a cut-down state: every link stays as it was.
  expect(await caseNumberLinks(request, site.url)).toEqual(linksBefore);
  // A case citing the entry's case number now leads to the notice: same link, no rebuild of the case.
  const { cases } = (await (await request.get(`${site.url}/data/cases.json`)).json()) as { cases: { slug: string; relatedCaseNumbers: string[] }[] };
  const citing = cases.find((c) => c.relatedCaseNumbers.includes(published.caseNumber))!;
  await page.goto(`${site.url}/cases/${citing.slug}/`);
  await page.getByRole('link', { name: published.caseNumber }).click();
  await expect(page).toHaveURL(`${site.url}/entry/${id}/`);
  await expect(page.locator('main')).toContainText('依法屏蔽');
  await expect(page.locator('main')).not.toContainText('李四光');
  const feed = (await (await request.get(`${site.url}/data/changes.json`)).json()) as { events: { op: string; entryId: string; type?: string; docNumber?: string }[] };
  expect(feed.events.filter((e) => e.entryId === id).map((e) => e.op)).toEqual(['ADD', 'DEL']);
  expect(feed.events.at(-1)).toMatchObject({ op: 'DEL', entryId: id, type: '屏蔽', docNumber: '(2026)辽0504执异88号' });
  const verify = await run(process.execPath, ['scripts/verify.ts', '--out', site.out, '--content', site.content, '--today', '2026-11-26'], { cwd: ROOT });
  expect(verify.stdout).toContain('隐私检查通过');
  // Nor anywhere else in the output folder: render cache, work files, older releases.
  const whole = await run(process.execPath, ['scripts/verify.ts', '--out', site.out, '--whole', '--content', site.content, '--today', '2026-11-26'], { cwd: ROOT });
  expect(whole.stdout).toContain('隐私检查通过');
});

test('a decision that cannot be validated is refused with the reason, and nothing is written', async () => {
  const failure = await run(process.execPath, ['scripts/delist.ts', FIXTURE_IDS.liNa, '--type', '删除', '--reason', 'wrongful', '--doc', 'x', '--court', 'y', '--content', site.content, '--out', site.out, '--no-build'], { cwd: ROOT }).catch((e: { stderr: string; code: number }) => e);
  expect((failure as { code: number }).code).toBe(1);
  expect((failure as { stderr: string }).stderr).toContain('type（决定类型）');
  expect((failure as { stderr: string }).stderr).toContain('撤销');
  const unknown = await run(process.execPath, ['scripts/delist.ts', 'no-such-entry', '--type', '屏蔽', '--reason', 'performed', '--doc', 'x', '--court', 'y', '--content', site.content, '--out', site.out, '--no-build'], { cwd: ROOT }).catch((e: { stderr: string }) => e);
  expect((unknown as { stderr: string }).stderr).toContain('名单中没有编号为 no-such-entry 的记录');
});

test('an entry expiring between two build dates disappears on the second build, with a 期满 notice and feed event', async ({ page, request }) => {
  const id = FIXTURE_IDS.endsOn20261231;
  const name = String((await rawEntry(site.content, id)).name);
  expect(await searchIds(page, site.url, name)).toContain(id);
  await site.build({ today: '2027-01-01' });
  expect(await searchIds(page, site.url, name)).not.toContain(id);
  const notice = await request.get(`${site.url}/entry/${id}/`);
  expect(notice.status()).toBe(410);
  expect(await notice.text()).toContain('期限届满');
  const feed = (await (await request.get(`${site.url}/data/changes.json`)).json()) as { events: { op: string; entryId: string; type?: string; date: string }[] };
  expect(feed.events.find((e) => e.entryId === id && e.op === 'DEL')).toMatchObject({ type: '期满', date: '2027-01-01' });
});

test('a case naming an undisclosed party is withheld and reported, and the rest of the site publishes', async ({ request }) => {
  const hidden = String((await rawEntry(site.content, FIXTURE_IDS.undisclosed)).name);
  await writeFile(
    path.join(site.content, 'cases', 'zz-leak.md'),
    `---\ntitle: 泄露测试\ndate: 2026-11-01\ncourt: 本溪市中级人民法院\ncategory: 典型案例\nsummary: 测试\n---\n本案被执行人${hidden}拒不履行。\n`,
  );
  const { stderr } = await site.build({ today: '2027-01-01' });
  await import('node:fs/promises').then((fs) => fs.rm(path.join(site.content, 'cases', 'zz-leak.md')));
  expect(stderr).toContain('zz-leak');
  expect(stderr).toContain('提到了不公开的当事人');
  expect(stderr).toContain(FIXTURE_IDS.undisclosed);
  expect(stderr).not.toContain(hidden);
  // Published (a patch of the live release): the new day's freshness is live, the case is not.
  expect((await (await request.get(`${site.url}/freshness.json`)).json()).asOf).toBe('2027-01-01');
  expect((await request.get(`${site.url}/cases/zz-leak/`)).status()).toBe(404);
  expect((await request.get(`${site.url}/`)).status()).toBe(200);
});

for (const stage of ['astro', 'search']) {
  test(`a build killed during ${stage} leaves the previous site intact and serving`, async ({ page, request }) => {
    const live = await readlink(path.join(site.out, 'site'));
    // --full: the content is already live, and a run with nothing to do would not reach Astro.
    const child = spawn(process.execPath, ['scripts/build.ts', '--content', site.content, '--out', site.out, '--today', '2027-01-01', '--full'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes(`▶ ${stage}`)) setTimeout(resolve, stage === 'astro' ? 1500 : 0);
      });
      child.on('exit', () => reject(new Error(`the build ended before it was killed in ${stage}`)));
    });
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(await readlink(path.join(site.out, 'site'))).toBe(live);
    expect((await request.get(`${site.url}/`)).status()).toBe(200);
    expect(await searchIds(page, site.url, '张伟明')).toContain(FIXTURE_IDS.zhangWeiming);
  });
}

test('watch mode picks up a new decision and serves the updated site without restart', async ({ page, request }) => {
  const id = FIXTURE_IDS.liNa;
  const logs: string[] = [];
  const watcher = watchContent({ content: site.content, out: site.out, debounceMs: 200, today: () => '2027-01-01', log: (l) => logs.push(l) });
  try {
    await watcher.idle();
    expect(await searchIds(page, site.url, '李娜')).toContain(id);
    await writeFile(path.join(site.content, 'decisions', 'watch-test.json'), JSON.stringify([{ id: 'dc-watch', entryId: id, type: '删除', decidedOn: '2026-12-30', court: '本溪市明山区人民法院', docNumber: '(2026)辽0504执异99号', reason: 'settlement' }]));
    await expect.poll(async () => (await request.get(`${site.url}/entry/${id}/`)).status(), { timeout: 60_000 }).toBe(410);
    await watcher.idle();
    expect(await searchIds(page, site.url, '李娜')).not.toContain(id);
    expect(logs.join('\n')).toContain('watch-test.json');
    expect(logs.join('\n')).toContain('已上线（增量发布');
  } finally {
    watcher.close();
  }
});
