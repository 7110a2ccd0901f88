// A journalist's journey through the cases, on the shared sample build at 360 px: filter by
// court and category (in the URL, kept on reload), open a case, copy its citation, print it,
// follow a related case number to its entry — or to the notice of one that left the list.
import { test, expect, type Page } from '@playwright/test';
import { FIXTURE_IDS } from '../../scripts/lib/sample/generate.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { atomProblems } from '../helpers/atom-validate.ts';
import { BASE, expectReadable, offOriginRequests } from '../helpers/sample-site.ts';

const COURT = '本溪市平山区人民法院';
const CATEGORY = '典型案例';

interface CaseRecord { slug: string; url: string; title: string; date: string; court: string; category: string; behaviours: number[]; relatedCaseNumbers: string[] }

const shownSlugs = (page: Page) => page.locator('#case-list > li:visible h2 a').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname.split('/')[2]));

test('a journalist filters cases by court and category, opens one, copies its citation and follows its case number to the entry', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  const off = offOriginRequests(page);
  const { cases } = (await (await request.get(`${BASE}/data/cases.json`)).json()) as { cases: CaseRecord[] };
  const expected = cases.filter((c) => c.court === COURT && c.category === CATEGORY).map((c) => c.slug);
  expect(expected.length).toBeGreaterThan(0);

  await page.goto(`${BASE}/cases/`);
  await expectReadable(page, 'the case index');
  // Twenty sample cases, ten a page.
  expect(await shownSlugs(page)).toEqual(cases.slice(0, 10).map((c) => c.slug));
  await page.locator('#case-next').click();
  await expect(page).toHaveURL(/[?&]page=2/);
  expect(await shownSlugs(page)).toEqual(cases.slice(10, 20).map((c) => c.slug));

  await page.getByLabel('发布法院').selectOption(COURT);
  await page.getByLabel('类别').selectOption(CATEGORY);
  await expect(page).toHaveURL((url) => url.searchParams.get('court') === COURT && url.searchParams.get('category') === CATEGORY && !url.searchParams.has('page'));
  expect(await shownSlugs(page)).toEqual(expected);
  await expect(page.locator('#case-status')).toContainText(`符合条件的案例 ${expected.length} 个`);
  await page.reload();
  await expect(page.getByLabel('发布法院')).toHaveValue(COURT);
  await expect(page.getByLabel('类别')).toHaveValue(CATEGORY);
  expect(await shownSlugs(page)).toEqual(expected);

  // Behaviour and year from a shared link, combined.
  await page.goto(`${BASE}/cases/?behaviour=5&year=2025`);
  expect(await shownSlugs(page)).toEqual(cases.filter((c) => c.behaviours.includes(5) && c.date.startsWith('2025')).map((c) => c.slug));
  await page.goBack();
  expect(await shownSlugs(page)).toEqual(expected);

  const chosen = cases.find((c) => c.slug === expected[0])!;
  await page.locator('#case-list > li:visible h2 a').first().click();
  await expect(page).toHaveURL(`${BASE}/cases/${chosen.slug}/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(chosen.title);
  await expectReadable(page, 'a case page');
  await expect(page.locator('[data-related-cases] li').first()).toBeVisible();

  const citation = `${chosen.title}，${chosen.court}，${chosen.date.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}，${chosen.url}`;
  await expect(page.locator('#cite-text')).toHaveValue(citation);
  await page.getByRole('button', { name: '引用本文' }).click();
  await expect(page.locator('#cite-status')).toHaveText('已复制引用');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(citation);

  // On paper: title, court, date and the permalink as text; no buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('[data-case-meta]')).toBeVisible();
  await expect(page.locator('[data-permalink]')).toBeVisible();
  await expect(page.locator('[data-cite]')).toBeHidden();
  const printed = pdfText(await page.pdf({ format: 'A4' }));
  // The extractor reads Latin text reliably (CJK glyphs of the system font map only in part): the permalink.
  expect(printed.replace(/\s+/g, '')).toContain(chosen.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(chosen.title);
  await expect(page.locator('[data-case-meta]')).toContainText(chosen.court);
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('link', { name: chosen.relatedCaseNumbers[0]! }).click();
  await expect(page).toHaveURL(`${BASE}/entry/${FIXTURE_IDS.liSiguang}/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('李四光');
  expect(off, 'requests that left the site').toEqual([]);
});

test('a related case number of an entry that has left the list leads to its removal notice', async ({ page, request }) => {
  const { cases } = (await (await request.get(`${BASE}/data/cases.json`)).json()) as { cases: CaseRecord[] };
  const masked = cases.find((c) => c.slug.endsWith('family-repays-loan'))!;
  await page.goto(masked.url.replace(/^https?:\/\/[^/]+/, BASE));
  const link = page.getByRole('link', { name: masked.relatedCaseNumbers[0]! });
  await expect(link).toHaveAttribute('href', `/entry/${FIXTURE_IDS.masked}/`);
  const notice = await request.get(`${BASE}/entry/${FIXTURE_IDS.masked}/`);
  expect(notice.status()).toBe(410);
  await link.click();
  await expect(page.locator('main')).toContainText('依法屏蔽');
});

test('the case feeds are valid Atom and the case data match the index', async ({ request }) => {
  for (const feed of ['/cases/feed.atom', '/cases/feed/typical.atom', '/cases/feed/positive.atom', '/cases/feed/refusal-crime.atom', '/cases/feed/joint-punishment.atom']) {
    const response = await request.get(`${BASE}${feed}`);
    expect(response.status(), feed).toBe(200);
    expect(atomProblems(await response.text()), feed).toEqual([]);
  }
  const csv = await (await request.get(`${BASE}/data/cases.csv`)).text();
  const { count } = (await (await request.get(`${BASE}/data/cases.json`)).json()) as { count: number };
  expect(count).toBe(20);
  expect(csv.split('\r\n').filter(Boolean).length).toBeGreaterThanOrEqual(count + 1);
});

test('where the clipboard refuses, 引用本文 selects the citation for the reader to copy', async ({ page, request }) => {
  // A browser without clipboard access (plain HTTP on another host, an old browser, a denied permission).
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
  });
  const { cases } = (await (await request.get(`${BASE}/data/cases.json`)).json()) as { cases: CaseRecord[] };
  await page.goto(`${BASE}/cases/${cases[0]!.slug}/`);
  await page.getByRole('button', { name: '引用本文' }).click();
  await expect(page.locator('#cite-status')).toContainText('无法自动复制');
  const selected = await page.locator('#cite-text').evaluate((box: HTMLTextAreaElement) => box.value.slice(box.selectionStart, box.selectionEnd));
  expect(selected).toContain(cases[0]!.url);
  expect(selected).toContain(cases[0]!.title);
});
