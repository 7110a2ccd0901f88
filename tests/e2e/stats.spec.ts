// /stats/ as a journalist reads it on a phone: charts drawn at build time as SVG, each with a
// title, a description and its table, a CSV per table with the table's rows, and nothing
// loaded from elsewhere. The first tests use the shared sample build; the last delists on a
// private build so the delay chart has something to show.
import { siteStats, statCell, statTables } from '../../scripts/lib/stats.ts';
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { FIXTURE_IDS } from '../../scripts/lib/sample/generate.ts';
import { publishDecisions, recordDecision } from '../../scripts/delist.ts';
import { layoutOf, readLiveState } from '../../scripts/lib/release.ts';
import { workingDaysBetween } from '../../scripts/lib/rules/working-days.ts';
import { todayInChina } from '../../scripts/lib/shared/dates.ts';
import { FIXTURE_TODAY } from '../helpers/build-fixture.ts';
import { siteUnderTest } from '../helpers/site-under-test.ts';

const BASE = `http://127.0.0.1:${Number(process.env.GONGSHI_TEST_PORT ?? 4391)}`;

/** Each figure's table as text rows: the header first. */
async function tableRows(page: Page, figure: number): Promise<string[][]> {
  return page.locator('figure').nth(figure).locator('table tr').evaluateAll((rows) => rows.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim())));
}

/**
 * A CSV's rows as the page's table shows them (statCell): months as 2025年8月, counts grouped in
 * thousands, the days of removal-delay as 3 个工作日. The CSV keeps 2025-08 and bare numbers for software.
 */
const csvRows = (text: string, slug = '') => {
  const table = statTables(siteStats([], [])).find((t) => t.slug === slug) ?? { slug, title: '', columns: [], rows: [] };
  const [header = [], ...rows] = text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).map((line) => line.split(','));
  return [header, ...rows.map((row) => row.map((cell, i) => statCell(table, /^\d+$/.test(cell) ? Number(cell) : cell, i)))];
};

test('a journalist on a 360 px phone finds every chart as an SVG with a title, a description and its table, and each CSV holds the table’s rows', async ({ page, request }) => {
  await page.goto(`${BASE}/`);
  // On a phone the header's links fold behind 菜单.
  await page.getByText('菜单', { exact: true }).click();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '统计' }).click();
  await expect(page).toHaveURL(`${BASE}/stats/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('名单数据统计');

  const figures = page.locator('figure');
  await expect(figures).toHaveCount(8);
  let charts = 0;
  for (let i = 0; i < 8; i++) {
    const figure = figures.nth(i);
    const link = figure.getByRole('link', { name: /下载 CSV/ });
    const csv = await (await request.get(`${BASE}${await link.getAttribute('href')}`)).text();
    const table = figure.locator('table');
    if (!(await table.count())) {
      // Nothing to chart (on a first build, no removal has been timed yet): said in words, the CSV has the header alone.
      await expect(figure).toContainText('暂无数据');
      expect(csvRows(csv)).toHaveLength(1);
      continue;
    }
    const svgs = figure.locator('svg[role="img"]');
    expect(await svgs.count(), `figure ${i} has a chart`).toBeGreaterThan(0);
    for (const svg of await svgs.all()) {
      const title = (await svg.locator('title').textContent())!;
      expect(title.length).toBeGreaterThan(2);
      expect(await svg.getAttribute('aria-labelledby')).toBe(await svg.locator('title').getAttribute('id'));
      expect(await svg.locator('desc').textContent()).toMatch(/\d+ 条/);
      // Scaled by its viewBox, never wider than its box.
      const box = (await svg.boundingBox())!;
      expect(box.width).toBeLessThanOrEqual(340);
      charts++;
    }
    const href = (await link.getAttribute('href'))!;
    expect(csvRows(csv, href.replace(/^\/stats\/|\.csv$/g, '')), `${href} holds the table's rows`).toEqual(await tableRows(page, i));
  }
  expect(charts).toBeGreaterThanOrEqual(8);
  // Counts only: the list's total, and no name or id.
  const total = Number(/现公开 (\d+) 条/.exec((await page.locator('main header').textContent())!)![1]);
  const courts = (await tableRows(page, 0)).slice(1);
  expect(courts.reduce((n, row) => n + Number(row[1]), 0)).toBe(total);
  await expect(page.locator('main')).not.toContainText(FIXTURE_IDS.zhangWeiming);

  const sitemap = await (await request.get(`${BASE}/sitemap.xml`)).text();
  expect(sitemap).toContain('/stats/</loc>');
});

test('/stats/ passes axe, fits a 320 px screen without sideways scrolling and asks nothing of another origin', async ({ page }) => {
  const off: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).origin !== BASE) off.push(r.url());
  });
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(`${BASE}/stats/`);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  expect(await page.locator('main script').count(), 'the page draws nothing in the browser').toBe(0);
  expect(off).toEqual([]);
});

test('after a delisting /stats/ shows how many working days it took against the 3-day rule', async ({ page }) => {
  test.setTimeout(180_000);
  const site = await siteUnderTest();
  try {
    const live = (await readLiveState(layoutOf(site.out)))!;
    const entry = live.entries.find((e) => e.id === FIXTURE_IDS.liSiguang)!;
    const decidedOn = '2026-11-24';
    await recordDecision(site.content, { entryId: entry.id, type: '屏蔽', reason: 'performed', docNumber: '(2026)辽0502执异77号', court: entry.court, decidedOn }, { out: site.out });
    await publishDecisions({ content: site.content, out: site.out, today: FIXTURE_TODAY });
    // Taken down today (the DEL event's recordedAt), counted in working days in China.
    const days = workingDaysBetween(decidedOn, todayInChina());

    await page.goto(`${site.url}/stats/`);
    const section = page.locator('section[aria-labelledby="delay"]');
    await expect(section).toContainText(`共 1 条：中位数 ${days} 个工作日，90% 不超过 ${days} 个工作日`);
    const figure = section.locator('figure');
    await expect(figure.locator('svg[role="img"] title')).toHaveText('从决定到本站撤下的工作日数');
    const rows = await figure.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim())));
    expect(rows.filter((r) => r[1] !== '0')).toEqual([[`${days} 个工作日`, '1']]);
    const csv = await (await page.request.get(`${site.url}/stats/removal-delay.csv`)).text();
    expect(csvRows(csv, 'removal-delay').slice(1)).toEqual(rows);
  } finally {
    await site.close();
  }
});
