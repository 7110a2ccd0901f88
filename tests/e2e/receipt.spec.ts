// Issue #11 item 5, "a receipt people can show": a person searches (or a unit checks) on a phone,
// asks for the receipt, and prints it. Against the sample build as of 2026-11-26.
import { test, expect, type Page } from '@playwright/test';
import QRCode from 'qrcode';
import AxeBuilder from '@axe-core/playwright';
import { FIXTURE_IDS } from '../../scripts/lib/sample/generate.ts';
import { formatDate } from '../../scripts/lib/shared/dates.ts';
import { idCheckCharacter, maskIdNumber } from '../../scripts/lib/shared/rules/id-number.ts';
import { QR_OPTIONS } from '../../site/browser/receipt.ts';
import { BASE, expectNoAxeViolations, offOriginRequests, sampleRow } from '../helpers/sample-site.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { fontsReady, useChineseFont } from '../helpers/cjk-font.ts';

test.beforeEach(async ({ page }) => {
  await useChineseFont(page);
});

interface Freshness { asOf: string; builtAt: string; lastChangeSeq: number }
const freshness = async (page: Page) => (await (await page.request.get('/freshness.json')).json()) as Freshness;

/** The address a receipt's QR image encodes: the image must be exactly the code of that address, drawn the same way. */
async function qrAddresses(page: Page): Promise<string[]> {
  const images = await page.locator('#receipt img.receipt-qr').evaluateAll((imgs) => imgs.map((img) => ({ src: img.getAttribute('src')!, url: img.getAttribute('data-qr-url')! })));
  const addresses: string[] = [];
  for (const { src, url } of images) {
    const svg = decodeURIComponent(src.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
    // The image holds this address's code and no other: re-encoding it gives the same picture.
    expect(svg, `the QR image of ${url}`).toBe(await QRCode.toString(url, QR_OPTIONS));
    addresses.push(url);
  }
  return addresses;
}

/** Text the page draws now (screen or print, whichever is emulated), one entry per text node. */
const drawnTexts = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent!.replace(/\s+/g, ' ').trim();
      const parent = node.parentElement!;
      if (text && !parent.closest('script, style') && parent.checkVisibility({ visibilityProperty: true }) && !parent.closest('.sr-only')) out.push(text);
    }
    return out;
  });

/** Prints the page (print media, then a real PDF) and checks paper shows the receipt alone and nothing the screen did not. */
async function printed(page: Page): Promise<string> {
  const onScreen = new Set(await drawnTexts(page));
  await page.emulateMedia({ media: 'print' });
  const onPaper = await drawnTexts(page);
  expect(onPaper.filter((t) => !onScreen.has(t)), 'printed text the screen does not show').toEqual([]);
  await expect(page.locator('#receipt')).toBeVisible();
  await expect(page.locator('body > header')).toBeHidden();
  // Nothing else in main shows: only the receipt, what is inside it, and what holds it.
  await expect(page.locator('main :not(#receipt, #receipt *, :has(#receipt))').filter({ visible: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
  // On paper the receipt's own heading (h2) leads; "a page has an h1" is about navigating a screen.
  const axe = await new AxeBuilder({ page }).disableRules(['page-has-heading-one']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`), 'receipt in print media').toEqual([]);
  // The PDF places glyphs one by one: its text is compared without white space.
  const pdf = pdfText(await page.pdf({ format: 'A4' })).replace(/\s+/g, '');
  await page.emulateMedia({ media: null });
  return pdf;
}

/** The receipt's field values as shown. */
const fields = async (page: Page) =>
  Object.fromEntries(
    await page.locator('#receipt dl dt').evaluateAll((dts) => dts.map((dt) => [dt.textContent!.trim(), (dt.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim()])),
  ) as Record<string, string>;

async function makeReceipt(page: Page) {
  await page.getByRole('button', { name: '生成凭证（可打印）' }).click();
  await expect(page.locator('#receipt')).toBeVisible();
  await expect(page.locator('#receipt img.receipt-qr').first()).toBeVisible();
  await fontsReady(page);
}

test('a person searches a name on a phone and prints a dated receipt whose QR code leads to the entry', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const off = offOriginRequests(page);
  const { asOf, lastChangeSeq } = await freshness(page);
  await page.goto('/search/');
  // No result yet: no receipt to offer.
  await expect(page.getByRole('button', { name: '生成凭证（可打印）' })).toBeHidden();
  await page.getByRole('searchbox').fill('张伟明');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.locator('#search-status[data-state="done"]')).toContainText('找到 1 条');
  await makeReceipt(page);

  const f = await fields(page);
  expect(f['查询内容']).toBe('张伟明');
  expect(f['查询时间']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）$/);
  expect(f['名单版本']).toContain(`截至 ${formatDate(asOf)}`);
  expect(f['名单版本']).toContain(`第 ${lastChangeSeq} 号变更`);
  expect(f['查询结果']).toContain('找到 1 条记录');
  const line = (await page.locator('#receipt ol > li').innerText()).replace(/\s+/g, ' ');
  expect(line).toContain('张伟明');
  expect(line).toMatch(/\d{10}\*{4}\d{3}[\dX]/);
  expect(await qrAddresses(page)).toEqual([`${BASE}/entry/${FIXTURE_IDS.zhangWeiming}/`]);
  await expect(page.locator('#receipt')).toContainText(`仅反映本站 ${formatDate(asOf)} 名单`);
  await expectNoAxeViolations(page, 'search receipt on screen');

  const pdf = await printed(page);
  for (const shown of ['查询凭证', '张伟明', formatDate(asOf), `第 ${lastChangeSeq} 号变更`, '找到 1 条记录', '仅反映本站']) expect(pdf, `the printout shows ${shown}`).toContain(shown.replace(/\s+/g, ''));
  expect(off).toEqual([]);
});

test('a search made in place on the home page gives the same receipt, printed alone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const off = offOriginRequests(page);
  const { asOf } = await freshness(page);
  await page.goto('/');
  await expect(page.getByRole('button', { name: '生成凭证（可打印）' })).toBeHidden();
  await page.getByRole('searchbox').fill('张伟明');
  await page.getByRole('searchbox').press('Enter');
  await expect(page.locator('#search-status[data-state="done"]')).toContainText('找到 1 条');
  await makeReceipt(page);
  const f = await fields(page);
  expect(f['查询内容']).toBe('张伟明');
  expect(f['名单版本']).toContain(`截至 ${formatDate(asOf)}`);
  expect(await qrAddresses(page)).toEqual([`${BASE}/entry/${FIXTURE_IDS.zhangWeiming}/`]);
  const pdf = await printed(page);
  expect(pdf).toContain('查询凭证');
  expect(off).toEqual([]);
});

test('a receipt of a search typed as a full ID number shows only the masked number, on screen, on paper and in its QR code', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const fullId = String((await sampleRow(FIXTURE_IDS.zhangWeiming)).idNumber).toUpperCase();
  const masked = maskIdNumber(fullId);
  const birth = fullId.slice(6, 14);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(`${r.url()} ${r.postData() ?? ''}`));
  await page.goto('/search/');
  // Typed in groups, as people copy it from a card.
  await page.getByRole('searchbox').fill(`${fullId.slice(0, 6)} ${fullId.slice(6, 14)} ${fullId.slice(14)}`);
  await page.getByRole('searchbox').press('Enter');
  await expect(page.locator('#search-status[data-state="done"]')).toContainText('找到 1 条');
  await makeReceipt(page);
  expect((await fields(page))['查询内容']).toBe(masked);
  const screen = (await page.locator('#receipt').innerText()).replace(/\s+/g, '');
  expect(screen).toContain(masked);
  const addresses = await qrAddresses(page);
  expect(addresses).toEqual([`${BASE}/entry/${FIXTURE_IDS.zhangWeiming}/`]);
  const pdf = await printed(page);
  expect(pdf).toContain(masked);
  for (const [where, text] of [['screen', screen], ['paper', pdf], ['QR codes', addresses.join(' ')], ['requests', requests.join('\n')], ['page HTML', await page.content()]] as const) {
    expect(text, `${where} holds the full ID`).not.toContain(fullId);
    expect(text, `${where} holds the birth date`).not.toContain(birth);
  }
});

test('a search that finds nothing gives a receipt saying so, whose QR code leads to the search that states the current status', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/search/?q=${encodeURIComponent('司徒甲乙')}&year=2025`);
  await expect(page.locator('#search-status[data-state="done"]')).toContainText('没有找到');
  await makeReceipt(page);
  const f = await fields(page);
  expect(f['查询内容']).toBe('司徒甲乙；筛选：2025');
  expect(f['查询结果']).toContain('没有找到');
  const [address] = await qrAddresses(page);
  const url = new URL(address!);
  expect([url.origin, url.pathname, url.searchParams.get('q'), url.searchParams.get('year')]).toEqual([BASE, '/search/', '司徒甲乙', '2025']);
  await expect(page.locator('#receipt')).toContainText('不代表全国失信被执行人名单中没有记录');
  await expectNoAxeViolations(page, 'no-result receipt');
  // The page the code leads to states the status then.
  await page.goto(address!);
  await expect(page.locator('#search-status[data-state="done"]')).toContainText('没有找到');
  // A new search takes the old receipt away.
  await page.getByRole('searchbox').fill('张伟');
  await page.getByRole('searchbox').press('Enter');
  await expect(page.locator('#search-status[data-state="done"]')).toContainText('找到');
  await expect(page.locator('#receipt')).toBeHidden();
});

test('a unit checks a pasted list and prints a receipt with every row, its verdict and a QR code to its entry or status page, never a full ID', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const off = offOriginRequests(page);
  const { asOf, lastChangeSeq } = await freshness(page);
  const listedId = String((await sampleRow(FIXTURE_IDS.zhangWeiming)).idNumber).toUpperCase();
  const first17 = '21050219900101123';
  const clearId = first17 + idCheckCharacter(first17);
  const { entries } = (await (await page.request.get('/data/entries.json')).json()) as { entries: { id: string; name: string; creditCode?: string }[] };
  const org = entries.find((e) => e.id === FIXTURE_IDS.org)!;
  await page.goto('/check/');
  await page.getByLabel('待核查名单').fill(`张伟明\t${listedId}\n欧阳某某\t${clearId}\n${org.name}\t${org.creditCode}\n司徒甲乙\t2105021985`);
  await page.getByRole('button', { name: '核查', exact: true }).click();
  await expect(page.locator('#check-status')).toContainText('核查 4 行');
  await makeReceipt(page);

  const f = await fields(page);
  expect(f['查询内容']).toContain('批量核查 4 行');
  expect(f['名单版本']).toContain(`截至 ${formatDate(asOf)}`);
  expect(f['名单版本']).toContain(`第 ${lastChangeSeq} 号变更`);
  expect(f['查询结果']).toBe('在名单中 2 行，需人工核对 0 行，未发现 1 行，无法核查 1 行。');
  const lines = (await page.locator('#receipt ol > li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
  expect(lines).toHaveLength(4);
  expect(lines[0]).toMatch(/^第 1 行 · 在名单中 · 张伟明 · /);
  expect(lines[0]).toContain(maskIdNumber(listedId));
  expect(lines[1]).toMatch(/^第 2 行 · 未发现 · 欧阳某某 · /);
  expect(lines[3]).toMatch(/^第 4 行 · 无法核查 · 司徒甲乙/);
  // One code per row that has somewhere to lead: the entries, and a search for the row not found.
  const addresses = await qrAddresses(page);
  expect(addresses).toHaveLength(3);
  expect(addresses[0]).toBe(`${BASE}/entry/${FIXTURE_IDS.zhangWeiming}/`);
  const clear = new URL(addresses[1]!);
  expect([clear.pathname, clear.searchParams.get('q')]).toEqual(['/search/', `欧阳某某 ${maskIdNumber(clearId)}`]);
  expect(addresses[2]).toBe(`${BASE}/entry/${FIXTURE_IDS.org}/`);
  await expect(page.locator('#receipt ol > li').nth(3).locator('img')).toHaveCount(0);
  await expectNoAxeViolations(page, 'check receipt on screen');

  const pdf = await printed(page);
  for (const shown of ['核查凭证', formatDate(asOf), `第 ${lastChangeSeq} 号变更`, '在名单中 2 行', maskIdNumber(listedId), maskIdNumber(clearId)]) expect(pdf, `the printout shows ${shown}`).toContain(shown.replace(/\s+/g, ''));
  const screen = await page.locator('#receipt').innerText();
  for (const full of [listedId, clearId]) {
    for (const [where, text] of [['screen', screen], ['paper', pdf], ['QR codes', addresses.join(' ')]] as const) {
      expect(text.replace(/\s+/g, ''), `${where} holds a full ID`).not.toContain(full);
      expect(text.replace(/\s+/g, ''), `${where} holds a birth date`).not.toContain(full.slice(6, 14));
    }
  }
  expect(off).toEqual([]);

  // Filtered to the hits, the receipt lists only them; changing the filter takes the old one away.
  await page.getByLabel('显示').selectOption('listed');
  await expect(page.locator('#receipt')).toBeHidden();
  await makeReceipt(page);
  await expect(page.locator('#receipt ol > li')).toHaveCount(2);
  expect((await fields(page))['查询内容']).toContain('只列“在名单中”的 2 行');
});

test('no receipt is issued without the list version: if /freshness.json cannot be read, the person is told so', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/search/?q=${encodeURIComponent('张伟')}`);
  await expect(page.locator('#search-status[data-state="done"]')).toContainText('找到');
  await page.route('**/freshness.json', (route) => route.fulfill({ status: 503, body: '' }));
  await page.getByRole('button', { name: '生成凭证（可打印）' }).click();
  await expect(page.locator('[data-receipt-message]')).toContainText('无法读取名单版本');
  await expect(page.locator('#receipt')).toBeHidden();
});

test('a receipt is refused when the list changed after the result on screen was found: the person is asked to search again', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/search/?q=${encodeURIComponent('张伟')}`);
  await expect(page.locator('#search-status[data-state="done"]')).toContainText('找到');
  const current = await freshness(page);
  const later = new Date(Date.now() + 60_000).toISOString();
  await page.route('**/freshness.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...current, builtAt: later, lastChangeSeq: current.lastChangeSeq + 1 }) }));
  await page.getByRole('button', { name: '生成凭证（可打印）' }).click();
  await expect(page.locator('[data-receipt-message]')).toContainText('请重新查询后再生成凭证');
  await expect(page.locator('#receipt')).toBeHidden();
});
