// Who runs the site, what it covers, and what search engines may see (the bundled sample,
// built as of 2026-11-26 by the shared web server).
import { test, expect } from '@playwright/test';
import { FIXTURE_IDS } from '../../scripts/lib/sample/generate.ts';

test('every page names the operator and how to reach them, and points to the national sources', async ({ page }) => {
  for (const path of ['/', '/search/', '/cases/', `/entry/${FIXTURE_IDS.zhangWeiming}/`]) {
    await page.goto(path);
    const footer = page.locator('footer');
    await expect(footer.locator('[data-operator]')).toContainText('运营单位');
    await expect(footer.locator('[data-operator]')).toContainText('电话');
    await expect(footer.getByRole('link', { name: '中国执行信息公开网' })).toHaveAttribute('href', 'http://zxgk.court.gov.cn/');
    await expect(footer.getByRole('link', { name: '信用中国' })).toHaveAttribute('href', 'https://www.creditchina.gov.cn/');
  }
});

test('a search result and a check result say that not found here is not not found nationwide', async ({ page }) => {
  await page.goto('/search/?q=%E5%BC%A0%E4%BC%9F%E6%98%8E');
  await expect(page.locator('#search-results li').first()).toBeVisible();
  await expect(page.locator('main [data-coverage]')).toContainText('不代表全国名单中没有');
  await page.goto('/check/');
  await page.locator('#check-input').fill('无名氏');
  await page.getByRole('button', { name: '核查' }).click();
  await expect(page.locator('#check-status')).not.toBeEmpty();
  await expect(page.locator('main [data-coverage]')).toBeVisible();
});

test('robots.txt keeps crawlers out of bulk files and points to a sitemap of pages without people', async ({ request }) => {
  const robots = await request.get('/robots.txt');
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toMatch(/Disallow: \/data\/entries[\s\S]*Sitemap: http:\/\/[^\s]+\/sitemap\.xml/);
  const sitemap = await (await request.get('/sitemap.xml')).text();
  const urls = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  expect(urls).toContain('/cases/');
  expect(urls.some((u) => /^\/cases\/.+\/$/.test(u))).toBe(true);
  expect(urls.filter((u) => /^\/(entry|search|check)\/|^\/list\/.+/.test(u))).toEqual([]);
  const icon = await request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/x-icon');
});

test('every page that shows a person is kept out of search engines, every page in the sitemap is not', async ({ page, request }) => {
  const court = (await (await request.get('/list/')).text()).match(/href="(\/list\/[^/"]+\/)"/)![1]!;
  const month = (await (await request.get(court)).text()).match(new RegExp(`href="(${court}\\d{4}-\\d{2}/)"`))![1]!;
  for (const path of [`/entry/${FIXTURE_IDS.zhangWeiming}/`, court, month, '/search/', '/check/']) {
    await page.goto(path);
    await expect(page.locator('meta[name="robots"]'), path).toHaveAttribute('content', /noindex/);
  }
  const sitemap = await (await request.get('/sitemap.xml')).text();
  for (const loc of [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname).slice(0, 12)) {
    await page.goto(loc);
    expect(await page.locator('meta[name="robots"]').count(), loc).toBe(0);
  }
});
