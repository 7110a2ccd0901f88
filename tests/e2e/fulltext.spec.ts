// The search page's "案例与说明" section (site/browser/fulltext-client.ts) on the shared sample
// build: a journalist finds a case by a phrase from its body, next to the entry results; the
// full-text index (scripts/lib/fulltext.ts) holds no entry or list page; Pagefind loads only
// when there is a query and the section comes near the screen (or its button is pressed),
// compiles under the search page's own policy, and asks only this site.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { BASE, expectReadable, offOriginRequests } from '../helpers/sample-site.ts';
import { ROOT } from '../helpers/build-fixture.ts';
import { pagefindTexts } from '../../scripts/lib/pagefind-files.ts';

const CASE = '2026-07-14-flight-despite-ban';
/** From the case's body: not its title or summary. */
const PHRASE = '在朋友圈晒出外出旅游的照片';
/** The pages the index may hold: cases, notices, the catalog and the guides. */
const ALLOWED = /^\/(cases\/[^/]+|notices(\/\d+)?|measures|about|correction|data|stats)\/$/;

function watchPolicy(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to|WebAssembly|Pagefind/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return problems;
}

async function search(page: Page, query: string) {
  await page.getByRole('searchbox').fill(query);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('#search-status[data-state="done"]')).not.toBeEmpty();
  // As a reader scrolls down to the section below the entry results.
  await page.locator('#fulltext').scrollIntoViewIfNeeded();
  await expect(page.locator('#fulltext[data-state="done"] #fulltext-status')).not.toHaveText(/正在/);
}

function pagefindRequests(page: Page): string[] {
  const requests: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/pagefind/')) requests.push(r.url());
  });
  return requests;
}

test('a journalist finds a case by a phrase from its body beside the entry results, and the full-text results never hold an entry or list page', async ({ page }) => {
  const body = await readFile(path.join(ROOT, 'content/cases', `${CASE}.md`), 'utf8');
  expect(body.split('\n---\n')[1], 'the phrase is in the body').toContain(PHRASE);
  const off = offOriginRequests(page);
  const problems = watchPolicy(page);
  const requested = pagefindRequests(page);

  await page.goto('/search/');
  await expect(page.locator('#search-status[data-state="done"]')).toBeAttached();
  await expect(page.locator('#fulltext')).toBeHidden();
  await page.waitForTimeout(2500); // past the idle warm-up of the entry index
  expect(requested, 'Pagefind is not loaded before there is something to search for').toEqual([]);

  await search(page, PHRASE);
  const section = page.getByRole('region', { name: '案例与说明' });
  await expect(section).toBeVisible();
  await expect(section.locator('#fulltext-status')).toContainText('找到');
  const first = section.locator('#fulltext-results li').first();
  await expect(first.getByRole('link')).toHaveAttribute('href', `/cases/${CASE}/`);
  await expect(first).toContainText('典型案例');
  await expect(first.locator('mark').first()).toBeVisible();
  expect(await first.textContent(), 'no zero-width word breaks in what is shown or copied').not.toContain('\u200b');
  expect(requested.length).toBeGreaterThan(0);

  // Words every entry page shows: found on cases and guides only.
  await search(page, '失信被执行人');
  await expect(section.locator('#fulltext-results li').first()).toBeVisible();
  const hrefs = await section.locator('#fulltext-results a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.length).toBeGreaterThan(0);
  expect(hrefs.filter((h) => !ALLOWED.test(h))).toEqual([]);

  await expect(first).toBeVisible();
  await expectReadable(page, 'the search page with entry and full-text results');
  expect(off).toEqual([]);
  expect(problems).toEqual([]);
});

test('the full-text section waits below the entry results: Pagefind loads when the section comes near the screen, or when its button is pressed', async ({ page }) => {
  const requested = pagefindRequests(page);
  const section = page.locator('#fulltext');
  await page.goto(`/search/?q=${encodeURIComponent(PHRASE)}`);
  await expect(page.locator('#search-status[data-state="done"]')).toBeAttached();
  await expect(section).toHaveAttribute('data-state', 'waiting');
  await expect(section.getByRole('button', { name: '在案例与说明中查找' })).toBeAttached();
  // A printout of the results is for reading: a button there does nothing.
  await page.emulateMedia({ media: 'print' });
  expect(await section.evaluate((s) => [s.dataset.state, getComputedStyle(s.querySelector('#fulltext-start')!).display])).toEqual(['waiting', 'none']);
  await page.emulateMedia({ media: null });
  await page.waitForTimeout(1000);
  expect(requested, 'nothing of Pagefind while the section is off the screen').toEqual([]);
  await section.scrollIntoViewIfNeeded();
  await expect(section.locator('#fulltext-status')).toContainText('找到');
  expect(requested.length).toBeGreaterThan(0);

  // Someone who reaches the section without scrolling it into view (a screen reader's cursor) has the button.
  await page.goto(`/search/?q=${encodeURIComponent(PHRASE)}`);
  await expect(section).toHaveAttribute('data-state', 'waiting');
  await section.getByRole('button', { name: '在案例与说明中查找' }).dispatchEvent('click');
  await expect(section.locator('#fulltext-status')).toContainText('找到');
  await expect(section.getByRole('button', { name: '在案例与说明中查找' })).toBeHidden();
});

test('the full-text index holds exactly the cases, notices, catalog and guides, and not one entry or list page', async ({ request }) => {
  const get = async (url: string) => Buffer.from(await (await request.get(`${BASE}${url}`)).body());
  const entry = JSON.parse((await get('/pagefind/pagefind-entry.json')).toString()) as { languages: Record<string, { hash: string; page_count: number }> };
  const [language, { hash, page_count }] = Object.entries(entry.languages)[0]!;
  expect(language).toBe('zh-cn');
  const meta = pagefindTexts(`pagefind.${hash}.pf_meta`, await get(`/pagefind/pagefind.${hash}.pf_meta`))![0]!;
  const fragments = [...new Set(meta.split(' | ').filter((s) => /^zh-cn_[0-9a-f]+$/.test(s) && s !== hash))];
  const urls: string[] = [];
  for (const fragment of fragments) {
    const response = await request.get(`${BASE}/pagefind/fragment/${fragment}.pf_fragment`);
    if (!response.ok()) continue; // an index chunk's name, not a fragment's
    urls.push((JSON.parse(pagefindTexts('x.pf_fragment', Buffer.from(await response.body()))![0]!) as { url: string }).url);
  }
  expect(urls.length).toBe(page_count);
  expect(urls.filter((u) => !ALLOWED.test(u))).toEqual([]);
  expect(urls).toContain(`/cases/${CASE}/`);
  expect(urls).toEqual(expect.arrayContaining(['/notices/', '/measures/', '/about/', '/correction/', '/data/', '/stats/']));
});

test('only the search page may compile WebAssembly', async ({ request }) => {
  const csp = async (url: string) => (await request.get(`${BASE}${url}`)).headers()['content-security-policy'] ?? '';
  for (const url of ['/search/', '/search/index.html']) expect(await csp(url)).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
  for (const url of ['/', '/cases/', '/pagefind/pagefind.js', '/check/']) expect(await csp(url)).toMatch(/script-src 'self';/);
});
