// The bundled sample, built for real as of 2026-11-26 and served by scripts/serve.ts.
import { readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { FIXTURE_IDS, FIXTURE_DECISION_IDS } from '../../scripts/lib/sample/generate.ts';
import { fileText } from '../../scripts/lib/verify-output.ts';
import { ROOT } from '../helpers/build-fixture.ts';
import { searchIds } from './search-helpers.ts';
import { BASE, sampleRows } from '../helpers/sample-site.ts';

const SITE = path.join(ROOT, '.tmp/e2e/site/site');

async function* allFiles(dir: string): AsyncGenerator<string> {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) yield* allFiles(full);
    else yield full;
  }
}

const nameOf = async (id: string) => String((await sampleRows()).get(id)!.name);

test('searching a sample name from the home page leads to the entry and all its Art. 6 fields', async ({ page }) => {
  await page.goto(BASE);
  await page.getByRole('searchbox').fill('张伟明');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page).toHaveURL(/\/search\/\?q=/);
  await expect(page.locator('#search-status[data-state="done"]')).toContainText('找到');
  await page.locator(`#search-results [data-entry-id="${FIXTURE_IDS.zhangWeiming}"] a`).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('张伟明');
  for (const label of ['被执行人姓名/名称', '性别', '年龄', '身份证号码', '执行法院', '省份', '案号', '立案时间', '执行依据文号', '做出执行依据单位', '生效法律文书确定的义务', '被执行人的履行情况', '失信被执行人行为具体情形', '发布时间']) {
    await expect(page.locator('dt', { hasText: label }).first()).toBeVisible();
  }
  await expect(page.locator('dd', { hasText: /^\d{10}\*{4}\d{3}[\dX]$/ })).toHaveCount(1);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
});

test('an organisation entry shows its credit code in full and its legal representative', async ({ page }) => {
  await page.goto(`${BASE}/entry/${FIXTURE_IDS.org}/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('本溪市宏达建筑工程有限公司');
  await expect(page.locator('dt', { hasText: '统一社会信用代码' })).toBeVisible();
  await expect(page.locator('dt', { hasText: '法定代表人或者负责人姓名' })).toBeVisible();
});

for (const [what, id] of [['a minor', FIXTURE_IDS.minor], ['a minor by the birth date in the ID number', FIXTURE_IDS.minorByIdNumber], ['a disclose:false entry', FIXTURE_IDS.undisclosed]] as const) {
  test(`${what} is never published: no page, no search result, no list line`, async ({ page, request }) => {
    const name = await nameOf(id);
    expect((await request.get(`${BASE}/entry/${id}/`)).status()).toBe(404);
    expect(await searchIds(page, BASE, name)).not.toContain(id);
    await expect(page.locator('#search-status')).not.toContainText(name);
    const court = await request.get(`${BASE}/data/entries.json`);
    expect(await court.text()).not.toContain(name);
  });
}

test('a decided entry is gone from search and lists, and its URL shows the notice with status 410', async ({ page, request }) => {
  const id = FIXTURE_IDS.masked;
  const name = await nameOf(id);
  const response = await request.get(`${BASE}/entry/${id}/`);
  expect(response.status()).toBe(410);
  const html = await response.text();
  expect(html).toContain('依法屏蔽');
  expect(html).not.toContain(name);
  expect(await searchIds(page, BASE, name)).toEqual([]);
  await page.goto(`${BASE}/entry/${id}/`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('依法屏蔽');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
});

test('an entry whose listing period ended is gone, with a 期满 notice', async ({ page, request }) => {
  const name = await nameOf(FIXTURE_IDS.expired);
  expect((await request.get(`${BASE}/entry/${FIXTURE_IDS.expired}/`)).status()).toBe(410);
  expect(await searchIds(page, BASE, name)).toEqual([]);
  await page.goto(`${BASE}/entry/${FIXTURE_IDS.expired}/`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('期限届满');
});

test('the list pages never show a non-public entry, and each published entry is on exactly one month page of its court', async ({ request }) => {
  const hidden = await Promise.all([FIXTURE_IDS.minor, FIXTURE_IDS.minorByIdNumber, FIXTURE_IDS.undisclosed, FIXTURE_IDS.masked, FIXTURE_IDS.revoked, FIXTURE_IDS.expired].map(nameOf));
  const published = ((await (await request.get(`${BASE}/data/entries.json`)).json()) as { entries: { id: string }[] }).entries.map((e) => e.id);
  const get = async (url: string) => {
    const html = await (await request.get(`${BASE}${url}`)).text();
    for (const name of hidden) expect(html, `${url} shows ${name}`).not.toContain(name);
    return html;
  };
  const courtLinks = [...(await get('/list/')).matchAll(/href="(\/list\/[^"/]+\/)"/g)].map((m) => m[1]!);
  expect(courtLinks.length).toBeGreaterThanOrEqual(7);
  const listed: string[] = [];
  for (const court of courtLinks) {
    const monthLinks = [...new Set([...(await get(court)).matchAll(/href="(\/list\/[^"/]+\/\d{4}-\d{2}\/)"/g)].map((m) => m[1]!))];
    expect(monthLinks.length, court).toBeGreaterThan(0);
    for (const month of monthLinks) {
      for (let url = month; url; ) {
        const html = await get(url);
        listed.push(...[...html.matchAll(/<li[^>]*>\s*<a href="\/entry\/([^"/]+)\/"/g)].map((m) => decodeURIComponent(m[1]!)));
        url = /rel="next"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*rel="next"/.exec(html)?.slice(1).find(Boolean) ?? '';
      }
    }
  }
  expect(listed.toSorted()).toEqual(published.toSorted());
});

test('the notices page lists the decided entry by case number and decision, without its name', async ({ page }) => {
  const name = await nameOf(FIXTURE_IDS.masked);
  await page.goto(`${BASE}/notices/`);
  const row = page.locator('#notice-rows tr', { has: page.locator(`a[href="/entry/${FIXTURE_IDS.masked}/"]`) });
  await expect(row).toContainText('屏蔽');
  await expect(page.locator('body')).not.toContainText(name);
});

test('the change feed has the DEL event of each decision and an ADD for published entries', async ({ request }) => {
  const feed = (await (await request.get(`${BASE}/data/changes.json`)).json()) as { events: { op: string; entryId: string; decisionId?: string; seq: number }[] };
  const del = feed.events.filter((e) => e.op === 'DEL' && e.entryId === FIXTURE_IDS.masked);
  expect(del).toHaveLength(1);
  expect(del[0]!.decisionId).toBe(FIXTURE_DECISION_IDS.masked);
  expect(feed.events.some((e) => e.op === 'ADD' && e.entryId === FIXTURE_IDS.zhangWeiming)).toBe(true);
  expect(feed.events.some((e) => e.op === 'ADD' && e.entryId === FIXTURE_IDS.minor)).toBe(false);
  expect(feed.events.map((e) => e.seq)).toEqual(feed.events.map((_, i) => i + 1));
  const atom = await (await request.get(`${BASE}/data/changes.atom`)).text();
  expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
});

test('no full ID number of the sample data appears in any built file, compressed search files included', async () => {
  const ids = [...(await sampleRows()).values()].map((r) => String(r.idNumber ?? '').toUpperCase()).filter((s) => /^\d{17}[\dX]$/.test(s));
  expect(ids.length).toBeGreaterThan(500);
  const root = await realpath(SITE);
  let files = 0;
  for await (const file of allFiles(root)) {
    files++;
    const text = fileText(await readFile(file));
    for (const id of ids) if (text.includes(id)) throw new Error(`${path.relative(root, file)} contains a full ID number`);
  }
  expect(files).toBeGreaterThan(1000);
});

test('a case page and the measures catalog render', async ({ page }) => {
  await page.goto(`${BASE}/cases/`);
  const first = page.locator('#case-list li a').first();
  const title = await first.textContent();
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title!);
  await page.goto(`${BASE}/measures/`);
  await expect(page.locator('section[data-group-section] h2')).toHaveCount(11);
  await expect(page.locator('#m7\\.1')).toContainText('乘坐火车、飞机限制');
  await expect(page.locator('#m7\\.1')).toContainText('市交通运输局');
});

test('several people with the same name are flagged, with a link to the correction procedure', async ({ page }) => {
  const ids = await searchIds(page, BASE, '张伟');
  expect(ids.filter((id) => (FIXTURE_IDS.zhangWei as readonly string[]).includes(id))).toHaveLength(3);
  await expect(page.locator('#search-notices')).toContainText('同名');
  await expect(page.getByRole('link', { name: '这不是我？' })).toHaveAttribute('href', /\/correction\//);
});

test('filters narrow a query, browsing with filters works without a query, and both live in the URL', async ({ page }) => {
  const all = await searchIds(page, BASE, '张伟');
  const one = await searchIds(page, BASE, '张伟', { court: '本溪市平山区人民法院' });
  expect(one.length).toBeGreaterThan(0);
  expect(one.length).toBeLessThan(all.length);
  const browsed = await searchIds(page, BASE, '', { court: '桓仁满族自治县人民法院', kind: '自然人' });
  expect(browsed.length).toBe(20);
  await expect(page.locator('#search-status')).toContainText('按发布时间');
  const dates = await page.locator('#search-results li p:last-child').allTextContents();
  const iso = dates.map((t) => /发布于 (\d+)年(\d+)月(\d+)日/.exec(t)!.slice(1).map((n) => n.padStart(2, '0')).join('-'));
  expect(iso).toEqual([...iso].sort().reverse());
  await expect(page.locator('select[name="court"]')).toHaveValue('桓仁满族自治县人民法院');
});

test('the back button returns to the previous search', async ({ page }) => {
  await searchIds(page, BASE, '张伟明');
  await page.getByRole('searchbox').fill('李四');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('#search-status[data-state="done"]')).toBeAttached();
  await expect(page).toHaveURL(/q=%E6%9D%8E%E5%9B%9B/);
  await page.goBack();
  await expect(page.getByRole('searchbox')).toHaveValue('张伟明');
  await expect(page.locator(`#search-results [data-entry-id="${FIXTURE_IDS.zhangWeiming}"]`)).toBeVisible();
});

test('empty, whitespace, very long and hostile queries return cleanly', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  expect(await searchIds(page, BASE, '   ')).toEqual([]);
  // Pasted, not typed: the input's maxlength does not stop a paste through script.
  await page.locator('#q').evaluate((el: HTMLInputElement) => (el.value = '张'.repeat(10_000)));
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('#search-status[data-state="done"]')).toBeAttached();
  await expect(page.locator('#search-notices')).toContainText('输入过长');
  expect(new URL(page.url()).searchParams.get('q')!.length).toBeLessThanOrEqual(200);
  expect(await searchIds(page, BASE, '.*+?^${}()|[]\\<img src=x onerror=alert(1)>"\'')).toEqual([]);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a keyboard user can search and hear the result count', async ({ page }) => {
  await page.goto(`${BASE}/search/`);
  await page.keyboard.press('Tab'); // skip link
  await page.keyboard.press('Tab');
  await page.getByLabel('姓名、单位名称、案号、身份证号码或统一社会信用代码').focus();
  await page.keyboard.type('李四光');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: '找到 1 条' })).toBeVisible();
  await expect(page.getByRole('list', { name: '查询结果' }).getByRole('link', { name: '李四光' })).toBeVisible();
});

test('the check tool finds a listed person by name and full ID, and clears an unlisted one', async ({ page }) => {
  const rows = await sampleRows();
  const listed = rows.get(FIXTURE_IDS.liSiguang)!;
  const hidden = rows.get(FIXTURE_IDS.masked)!;
  await page.goto(`${BASE}/check/`);
  await page.getByLabel('待核查名单').fill(`${listed.name} ${listed.idNumber}\n${hidden.name} ${hidden.idNumber}`);
  await page.getByRole('button', { name: '核查' }).click();
  await expect(page.locator('tr[data-verdict="listed"]')).toHaveCount(1);
  await expect(page.locator('tr[data-verdict="clear"]')).toHaveCount(1);
  await expect(page.locator('#check-results')).not.toContainText(String(listed.idNumber));
});

async function expectNoAxeViolations(page: Page, url: string) {
  await page.goto(`${BASE}${url}`);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.length}`), url).toEqual([]);
}

// One test per page kind: axe takes seconds a page on the mobile profile, and fourteen pages
// in one test ran past its minute on a busy machine.
const MONTH_OF_A_COURT = 'a month of a court\'s list';
for (const url of ['/', '/search/?q=张伟', `/entry/${FIXTURE_IDS.zhangWeiming}/`, `/entry/${FIXTURE_IDS.masked}/`, '/list/', '/list/0502/', MONTH_OF_A_COURT, '/cases/', '/measures/', '/notices/', '/correction/', '/data/', '/about/', '/check/']) {
  test(`every page kind passes axe and fits a 360 px screen: ${url}`, async ({ page, request }) => {
    const at = url === MONTH_OF_A_COURT ? /href="(\/list\/0502\/\d{4}-\d{2}\/)"/.exec(await (await request.get(`${BASE}/list/0502/`)).text())![1]! : url;
    await expectNoAxeViolations(page, at);
    if (at.startsWith('/search/')) await expect(page.locator('#search-status[data-state="done"]')).toBeAttached();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${at} scrolls sideways`).toBeLessThanOrEqual(0);
  });
}

test('every page says the sample data is fictional', async ({ page }) => {
  for (const url of ['/', `/entry/${FIXTURE_IDS.zhangWeiming}/`, '/cases/', '/about/']) {
    await page.goto(`${BASE}${url}`);
    await expect(page.locator('footer')).toContainText('虚构');
  }
});

test('every page shows how current the list is, read in the browser from /freshness.json', async ({ page, request }) => {
  const freshness = (await (await request.get(`${BASE}/freshness.json`)).json()) as { asOf: string };
  expect(freshness.asOf).toBe('2026-11-26');
  for (const url of ['/', `/entry/${FIXTURE_IDS.zhangWeiming}/`, '/check/', '/about/', '/data/', `/entry/${FIXTURE_IDS.masked}/`]) {
    await page.goto(`${BASE}${url}`);
    await expect(page.locator('footer'), url).toContainText('名单信息截至 2026年11月26日');
  }
  await page.goto(`${BASE}/about/`);
  await expect(page.locator('main')).toContainText(/当前数据截至 2026年11月26日，生成于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);

  // The date on the page is the file's, not the HTML's: another file, another date.
  await page.route('**/freshness.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...freshness, asOf: '2030-01-02' }) }));
  await page.goto(`${BASE}/entry/${FIXTURE_IDS.zhangWeiming}/`);
  await expect(page.locator('footer')).toContainText('名单信息截至 2030年1月2日');
  await expect(page.locator('article')).toContainText('名单信息截至 2030年1月2日。');
});

test('without JavaScript, pages point to where the date is and print none', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const url of ['/', `/entry/${FIXTURE_IDS.zhangWeiming}/`]) {
    await page.goto(`${BASE}${url}`);
    await expect(page.locator('footer'), url).toContainText('名单信息以本站最近一次更新为准（更新日期见数据与核查）');
    // An entry's provenance line names the day its batch was received (fixed; here the first build's day), not the as-of date.
    const text = await page.locator('body').evaluate((body) => {
      const copy = body.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[data-provenance]').forEach((p) => p.remove());
      return copy.textContent ?? '';
    });
    expect(text, url).not.toContain('2026年11月26日');
  }
  await page.goto(`${BASE}/data/`);
  await expect(page.locator('a[href="/freshness.json"]')).toBeVisible();
  await context.close();
});
