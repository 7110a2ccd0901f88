// Search where the person is: the home page searches in place at 360 px (the project's viewport),
// loads the index when the box is first used, fetches what is typed while it is typed, and
// shows results in space held for them. Against the shared sample build.
import { test, expect, type Page, type Request } from '@playwright/test';
import { FIXTURE_IDS } from '../../scripts/lib/sample/generate.ts';
import { BASE, sampleRows } from '../helpers/sample-site.ts';

const INDEX = '/search/i/';
const isIndexFile = (r: Request) => new URL(r.url()).pathname.startsWith(INDEX);
const name = async (id: string) => String((await sampleRows()).get(id)!.name);

/** Layout shifts the page reports (PerformanceObserver, buffered): all of them, and those CLS counts (no recent input). */
async function watchShifts(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __shifts: { value: number; recentInput: boolean }[] };
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) w.__shifts.push({ value: e.value, recentInput: e.hadRecentInput });
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return async () => {
    const shifts = await page.evaluate(() => (window as unknown as { __shifts: { value: number; recentInput: boolean }[] }).__shifts);
    return { cls: shifts.filter((s) => !s.recentInput).reduce((n, s) => n + s.value, 0), all: shifts.reduce((n, s) => n + s.value, 0) };
  };
}

test('a search from the home page shows results in place, puts the query in the address, and back and forward restore it', async ({ page }) => {
  const zhang = await name(FIXTURE_IDS.zhangWeiming);
  const li = await name(FIXTURE_IDS.liSiguang);
  await page.goto(BASE);
  // A mark on the document: it survives only if the page is never left.
  await page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));
  const samePage = () => page.evaluate(() => (window as unknown as { __same?: boolean }).__same === true);

  await page.getByRole('searchbox').fill(zhang);
  await page.getByRole('searchbox').press('Enter');
  await expect(page.locator(`#search-results [data-entry-id="${FIXTURE_IDS.zhangWeiming}"]`)).toBeVisible();
  await expect(page.locator('#search-status')).toContainText('找到');
  expect(await samePage(), 'the home page was not left').toBe(true);
  expect(new URL(page.url()).pathname).toBe('/search/');
  expect(new URL(page.url()).searchParams.get('q')).toBe(zhang);
  await expect(page.getByRole('link', { name: /按法院浏览名单/ })).toBeHidden();

  await page.getByRole('searchbox').fill(li);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator(`#search-results [data-entry-id="${FIXTURE_IDS.liSiguang}"]`)).toBeVisible();
  expect(new URL(page.url()).searchParams.get('q')).toBe(li);

  await page.goBack();
  await expect(page.getByRole('searchbox')).toHaveValue(zhang);
  await expect(page.locator(`#search-results [data-entry-id="${FIXTURE_IDS.zhangWeiming}"]`)).toBeVisible();
  await page.goBack();
  expect(new URL(page.url()).pathname).toBe('/');
  await expect(page.getByRole('searchbox')).toHaveValue('');
  await expect(page.locator('#search-results li')).toHaveCount(0);
  await expect(page.getByRole('link', { name: /按法院浏览名单/ })).toBeVisible();
  await page.goForward();
  await expect(page.locator(`#search-results [data-entry-id="${FIXTURE_IDS.zhangWeiming}"]`)).toBeVisible();
  expect(await samePage(), 'back and forward stayed on the same page').toBe(true);

  // The address is a permalink: opened anew, it shows the same search.
  const permalink = page.url();
  await page.locator(`#search-results [data-entry-id="${FIXTURE_IDS.zhangWeiming}"] a`).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zhang);
  await page.goto(permalink);
  await expect(page.locator(`#search-results [data-entry-id="${FIXTURE_IDS.zhangWeiming}"]`)).toBeVisible();
});

test('the search index is requested when the box gets focus, not before', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => isIndexFile(r) && requested.push(new URL(r.url()).pathname));
  for (const start of ['/', '/search/']) {
    requested.length = 0;
    await page.goto(BASE + start);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(2500);
    expect(requested, `${start}: nothing of the index before the box is used`).toEqual([]);
    const manifest = page.waitForRequest((r) => r.url().endsWith(`${INDEX}manifest.json`));
    await page.getByRole('searchbox').focus();
    await manifest;
  }
});

test('what is typed is fetched while it is typed, so Enter needs no further request', async ({ page }) => {
  const zhang = await name(FIXTURE_IDS.zhangWeiming);
  const requested: string[] = [];
  page.on('request', (r) => isIndexFile(r) && requested.push(new URL(r.url()).pathname));
  await page.goto(BASE);
  await page.getByRole('searchbox').focus();
  // An input method commits the whole name at once.
  const bucket = page.waitForRequest((r) => isIndexFile(r) && r.url().includes(`${INDEX}t/`), { timeout: 10_000 });
  await page.keyboard.insertText(zhang);
  await bucket;
  await page.waitForLoadState('networkidle');
  const beforeEnter = requested.length;
  await page.keyboard.press('Enter');
  await expect(page.locator(`#search-results [data-entry-id="${FIXTURE_IDS.zhangWeiming}"]`)).toBeVisible();
  expect(requested.slice(beforeEnter), 'requests after Enter').toEqual([]);

  // Typed key by key, fast: one request when the typing pauses, not one per key.
  await page.getByRole('searchbox').fill('');
  requested.length = 0;
  await page.getByRole('searchbox').pressSequentially('zhangweiming', { delay: 40 });
  await page.waitForTimeout(800);
  await page.waitForLoadState('networkidle');
  expect(requested.filter((p) => p.includes(`${INDEX}t/`)).length, `bucket requests while typing: ${requested.join(', ')}`).toBeLessThanOrEqual(2);
  expect(requested.length, 'something was fetched for the typed pinyin').toBeGreaterThan(0);
});

test('results appear in space held for them: nothing on screen moves, on the home page or the search page', async ({ page }) => {
  const shifts = await watchShifts(page);
  // The network is slow enough that results come well after the Enter (outside the 500 ms in which
  // the browser forgives a shift caused by input).
  await page.route(`**${INDEX}t/**`, async (route) => {
    await new Promise((r) => setTimeout(r, 900));
    await route.continue();
  });
  await page.goto(BASE);
  await page.waitForLoadState('networkidle');
  await page.getByRole('searchbox').fill('张伟');
  await page.getByRole('searchbox').press('Enter');
  await expect(page.locator('#search-results li').first()).toBeVisible();
  await expect(page.locator('main [data-coverage]')).toBeVisible();
  await page.waitForTimeout(300);
  const home = await shifts();
  expect(home.cls, 'layout shift on the home page (CLS)').toBeLessThan(0.01);

  await page.goto(`${BASE}/search/?q=${encodeURIComponent('张伟')}`);
  await expect(page.locator('#search-results li').first()).toBeVisible();
  await page.waitForTimeout(300);
  const search = await shifts();
  expect(search.all, 'layout shift on the search page, opened with a query').toBeLessThan(0.01);
});
