// The measures catalog as a journalist uses it on a 360 px phone: filter by a responsible unit
// (the filter lives in the URL and survives a reload, with no empty headings left), open the
// unit's own page and find every measure the text assigns to it, jump by the table of contents;
// and an entry page that says how many measures reach the debtor, linking the filtered catalog.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { FIXTURE_IDS } from '../../scripts/lib/sample/generate.ts';
import { measureCatalogSchema } from '../../scripts/lib/schema/measure.ts';
import { responsibleUnits } from '../../scripts/lib/measure-units.ts';
import { BASE, expectReadable, offOriginRequests } from '../helpers/sample-site.ts';

const catalog = measureCatalogSchema.parse(JSON.parse(readFileSync(new URL('../../content/measures/catalog.json', import.meta.url), 'utf8')));
const finance = responsibleUnits(catalog).find((u) => u.name === '市财政局')!;
const sasac = responsibleUnits(catalog).find((u) => u.name === '市国资委')!;

/** Ids of the measures shown, and the group headings shown, in page order. */
async function visible(page: Page): Promise<{ ids: string[]; headings: string[] }> {
  return {
    ids: await page.locator('li[data-units]:visible').evaluateAll((lis) => lis.map((li) => li.id.slice(1))),
    headings: await page.locator('section[data-group-section]:visible h2').allTextContents(),
  };
}

test('a journalist filters the catalog by 市财政局, reloads, opens the unit page and finds every measure assigned to it', async ({ page }) => {
  const off = offOriginRequests(page);
  await page.goto(`${BASE}/measures/`);
  await expectReadable(page, '/measures/');
  await page.getByRole('combobox', { name: /^责任单位/ }).selectOption({ label: '市财政局' });
  await expect(page).toHaveURL(`${BASE}/measures/?unit=${finance.slug}`);
  await expect(page.getByRole('status')).toContainText(`符合条件的措施 ${finance.measureIds.length} 项`);

  const check = async () => {
    const { ids, headings } = await visible(page);
    expect(ids).toEqual(finance.measureIds);
    // Only the groups that still hold a measure keep their heading and their table-of-contents line.
    const groups = [...new Set(finance.measureIds.map((id) => Number(id.split('.')[0])))];
    expect(headings).toEqual(groups.map((n) => { const g = catalog.groups[n - 1]!; return `（${g.numeral}）${g.title}`; }));
    await expect(page.locator('[data-toc-group]:visible')).toHaveCount(groups.length);
  };
  await check();
  await page.reload();
  await expect(page.getByRole('combobox', { name: /^责任单位/ })).toHaveValue(finance.slug);
  await check();
  await expectReadable(page, '/measures/ filtered');

  await page.getByRole('status').getByRole('link', { name: /市财政局负责的全部措施/ }).click();
  await expect(page).toHaveURL(`${BASE}/measures/unit/${finance.slug}/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('市财政局负责的联合惩戒措施');
  expect(await page.locator('li[data-units]').evaluateAll((lis) => lis.map((li) => li.id.slice(1)))).toEqual(finance.measureIds);
  await expectReadable(page, 'unit page');

  // A measure printed under "市国资委等有关单位" (§三(六)1) is on 市国资委's page.
  await page.goto(`${BASE}/measures/unit/${sasac.slug}/`);
  await expect(page.locator('#m6\\.1')).toContainText('市国资委等有关单位');
  expect(off).toEqual([]);
});

test('the table of contents links to each group, and filters by group and by who a measure reaches combine', async ({ page }) => {
  await page.goto(`${BASE}/measures/`);
  const toc = page.getByRole('navigation', { name: '目录' });
  await expect(toc.getByRole('link')).toHaveCount(catalog.groups.length + 1);
  await toc.getByRole('link', { name: /（七）限制高消费/ }).click();
  await expect(page).toHaveURL(`${BASE}/measures/#g7`);
  await expect(page.locator('#g7')).toBeInViewport();
  await toc.getByRole('link', { name: '按责任单位查看' }).click();
  await expect(page.locator('#units-h')).toBeInViewport();

  await page.goto(`${BASE}/measures/?group=3&applies=org`);
  // §三(三) bars persons from posts: no measure of it reaches an organisation, so nothing shows, and no heading either.
  await expect(page.getByRole('status')).toContainText('符合条件的措施 0 项');
  expect(await visible(page)).toEqual({ ids: [], headings: [] });
  await page.getByRole('combobox', { name: /^适用对象/ }).selectOption('person');
  await expect(page).toHaveURL(`${BASE}/measures/?group=3&applies=person`);
  expect((await visible(page)).ids).toEqual(catalog.groups[2]!.measures.map((m) => m.id));
});

test('an entry page says how many measures reach the debtor and links the catalog filtered to them', async ({ page }) => {
  await page.goto(`${BASE}/entry/${FIXTURE_IDS.org}/`);
  const line = page.locator('[data-measures]');
  await expect(line).toContainText('法定代表人、主要负责人、实际控制人、影响债务履行的直接责任人员');
  const count = Number(/(\d+) 项/.exec(await line.getByRole('link').textContent() ?? '')![1]);
  await line.getByRole('link').click();
  await expect(page).toHaveURL(`${BASE}/measures/?applies=org`);
  // The filter in the address is applied by the page's script once it has loaded: wait for it.
  await expect.poll(async () => (await visible(page)).ids.length).toBe(count);

  await page.goto(`${BASE}/entry/${FIXTURE_IDS.middleDot}/`);
  await expect(page.locator('[data-measures]')).not.toContainText('法定代表人');
  await expect(page.locator('[data-measures]').getByRole('link')).toHaveAttribute('href', '/measures/?applies=person');
});
