// The media pages keep still while their scripts arrive: on a slow phone the page is painted
// before its scripts run, and whatever a script reveals or hides then pushes the reader's text
// around (Lighthouse's CLS; the catalog's filter form used to shift it by 0.15). Scripts are
// held back here so that the first paint always comes first, as on such a phone.
import { test, expect } from '@playwright/test';
import { BASE } from '../helpers/sample-site.ts';

const PAGES = ['/cases/', '/cases/2025-07-01-wages-paid-in-instalments/', '/measures/', '/stats/'];

for (const path of PAGES) {
  test(`${path} does not shift its layout while its scripts load late`, async ({ page }) => {
    await page.route('**/*.js', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      await route.continue();
    });
    await page.goto(`${BASE}${path}`, { waitUntil: 'commit' });
    await page.waitForLoadState('networkidle');
    const shift = await page.evaluate(() => new Promise<number>((resolve) => {
      let total = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) total += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
      setTimeout(() => resolve(total), 300);
    }));
    expect(shift, `${path} layout shift`).toBeLessThan(0.05);
  });
}

test('without JavaScript the catalog shows no filter form it could not apply', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE}/measures/`);
  await expect(page.locator('#measure-filter')).toBeHidden();
  await expect(page.locator('li[data-units]').first()).toBeVisible();
  await context.close();
});
