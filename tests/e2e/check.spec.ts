// /check/ as a work unit uses it on a phone: a spreadsheet of 300 applicants uploaded, the
// summary, the hits, both exports read back, and nothing sent anywhere. Against the real build
// of the sample (as of 2026-11-26).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test, expect, type Page, type Request } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { parse } from 'csv-parse/sync';
import { readSheet } from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { readTable } from '../../scripts/lib/ingest/read-table.ts';
import { mapEntryColumns } from '../../scripts/lib/ingest/columns.ts';
import { idCheckCharacter, idNumberProblem, maskIdNumber } from '../../scripts/lib/shared/rules/id-number.ts';
import { ROOT } from '../helpers/build-fixture.ts';

interface Published { id: string; kind: string; name: string; idNumberMasked?: string; creditCode?: string }
type Verdict = 'listed' | 'review' | 'clear' | 'invalid';
interface Applicants { rows: string[][]; expected: Record<Verdict, number>; fullIds: string[]; listedEntries: Set<string> }

/** Full ID numbers of the sample's people, from content/ (the test's own copy). */
async function fullIds(): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const dir = path.join(ROOT, 'content/entries');
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    for (const row of readTable(file, await readFile(file)).rows) {
      const { mapped } = mapEntryColumns(row.values);
      const id = String(mapped.idNumber ?? '').toUpperCase();
      if (typeof mapped.id === 'string' && idNumberProblem(id) === null) ids.set(mapped.id, id);
    }
  }
  return ids;
}

/** 300 applicants with a header row, built so each outcome's count is known in advance. */
async function applicants(page: Page): Promise<Applicants> {
  const { entries } = (await (await page.request.get('/data/entries.json')).json()) as { entries: Published[] };
  const full = await fullIds();
  const names = new Set(entries.map((e) => e.name));
  const masked = new Set(entries.map((e) => e.idNumberMasked).filter(Boolean));
  const unique = (e: Published) => entries.filter((o) => o.name === e.name).length === 1 && entries.filter((o) => o.idNumberMasked === e.idNumberMasked).length === 1;
  const people = entries.filter((e) => e.kind === 'person' && e.idNumberMasked && full.has(e.id) && unique(e));
  const orgs = entries.filter((e) => e.creditCode && entries.filter((o) => o.name === e.name).length === 1);
  const rows: string[][] = [['序号', '姓名', '身份证号码', '应聘岗位']];
  const expected: Record<Verdict, number> = { listed: 0, review: 0, clear: 0, invalid: 0 };
  const used: string[] = [];
  const listedEntries = new Set<string>();
  const add = (name: string, identifier: string, verdict: Verdict) => {
    rows.push([String(rows.length), name, identifier, '=HYPERLINK("http://example.invalid","出纳")']);
    expected[verdict]++;
  };
  for (const e of people.slice(0, 20)) {
    add(e.name, full.get(e.id)!, 'listed');
    used.push(full.get(e.id)!);
    listedEntries.add(e.id);
  }
  // Copied from the list as it shows them: masked IDs.
  for (const e of people.slice(20, 25)) {
    add(e.name, e.idNumberMasked!, 'listed');
    listedEntries.add(e.id);
  }
  for (const e of orgs.slice(0, 5)) {
    add(e.name, e.creditCode!, 'listed');
    listedEntries.add(e.id);
  }
  // A listed ID under another name: 需人工核对.
  for (const e of people.slice(25, 35)) {
    add('欧阳某某', full.get(e.id)!, 'review');
    used.push(full.get(e.id)!);
  }
  // Mistyped check digits: 无法核查.
  for (const e of people.slice(35, 45)) {
    const id = full.get(e.id)!;
    add(e.name, id.slice(0, 17) + (id[17] === '1' ? '2' : '1'), 'invalid');
    used.push(id);
  }
  const han = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';
  for (let i = 0; rows.length < 301; i++) {
    const first17 = `2105021990${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(100 + i).slice(-3)}`;
    const id = first17 + idCheckCharacter(first17);
    const name = `司徒${han[i % han.length]}${han[(i * 7) % han.length]}`;
    if (masked.has(maskIdNumber(id)) || names.has(name)) continue;
    add(name, id, 'clear');
    used.push(id);
  }
  expect(people.length).toBeGreaterThanOrEqual(45);
  expect(orgs.length).toBeGreaterThanOrEqual(5);
  return { rows, expected, fullIds: used, listedEntries };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** True when the text shows the ID: its first 17 digits or its birth date next to anything. */
const reveals = (text: string, id: string) => {
  const plain = text.normalize('NFKC').replace(/[\p{Cf}\s\-.·_/]/gu, '').toUpperCase();
  return plain.includes(id.slice(0, 17)) || plain.includes(id.slice(6, 14));
};

function watchRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return requests;
}

async function upload(page: Page, data: Applicants) {
  const buffer = await writeXlsxFile(data.rows.map((row) => row.map((value) => ({ value, type: String })))).toBuffer();
  await page.locator('#check-file').setInputFiles({ name: '应聘人员.xlsx', mimeType: XLSX, buffer });
  await expect(page.locator('#check-status[data-state="done"]')).toBeVisible();
}

test('a unit uploads an XLSX of 300 applicants on a phone, sees all four counts, filters to hits and exports them as CSV and XLSX with IDs masked', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 360, height: 740 });
  const data = await applicants(page);
  const requests = watchRequests(page);
  await page.goto('/check/');
  await upload(page, data);

  await expect(page.locator('#check-status')).toContainText('核查 300 行');
  await expect(page.locator('#check-status')).toContainText('第 1 行是表头，未计入');
  for (const [verdict, count] of Object.entries(data.expected)) {
    await expect(page.locator(`#check-summary [data-count="${verdict}"] strong`), verdict).toHaveText(String(count));
  }
  expect(data.expected).toEqual({ listed: 30, review: 10, clear: 250, invalid: 10 });
  // Paged, so 300 results stay a few screens tall, and the result text has the width of the screen.
  await expect(page.locator('#check-results tbody tr')).toHaveCount(50);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThan(12_000);
  const reasonWidth = await page.locator('#check-results tbody tr td').first().evaluate((td) => td.getBoundingClientRect().width);
  expect(reasonWidth).toBeGreaterThan(240);
  await page.locator('#check-next').click();
  await expect(page.locator('#check-page-label')).toHaveText('第 2 / 6 页');

  await page.getByLabel('显示').selectOption('listed');
  await expect(page.locator('#check-results tbody tr')).toHaveCount(30);
  await expect(page.locator('#check-results tbody tr:not([data-verdict="listed"])')).toHaveCount(0);
  const onScreen = await page.locator('main').innerText();

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#check-export-csv').click()]);
  const csvText = await readFile((await csvDownload.path())!, 'utf8');
  const csv = parse(csvText, { bom: true }) as string[][];
  expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/);
  expect(csv[0]).toEqual(['行号', '姓名/名称', '证件号码（已脱敏）', '核查结果', '原因', '名单记录']);
  expect(csv.length).toBe(31);
  // Written as every CSV of the site is (CSV_WRITE_OPTIONS): CRLF rows.
  expect(csvText.split('\r\n')).toHaveLength(32);
  expect(new Set(csv.slice(1).map((r) => r[3]))).toEqual(new Set(['在名单中']));
  expect(csv.slice(1).flatMap((r) => r[5]!.split(' ').map((u) => new URL(u).pathname.split('/')[2])).sort()).toEqual([...data.listedEntries].sort());

  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#check-export-xlsx').click()]);
  const xlsx = (await readSheet((await xlsxDownload.path())!)).map((row) => row.map((cell) => String(cell ?? '')));
  expect(xlsxDownload.suggestedFilename()).toMatch(/\.xlsx$/);
  expect(xlsx).toEqual(csv);

  for (const id of data.fullIds) {
    expect(reveals(csvText, id) || reveals(JSON.stringify(xlsx), id) || reveals(onScreen, id), 'a full ID in an export or on screen').toBe(false);
  }
  expect(csv.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  // The only requests are the page, its scripts and styles, the freshness file and the published list: GETs that carry nothing typed.
  expect(requests.filter((r) => r.method() !== 'GET' || r.postData())).toEqual([]);
  const paths = requests.map((r) => new URL(r.url())).filter((u) => u.protocol.startsWith('http')).map((u) => u.pathname + u.search);
  expect(paths.filter((p) => !/^\/(check\/|freshness\.json|data\/entries\.json|_astro\/[\w.\-]+\.(js|css)|favicon\.\w+)$/.test(p))).toEqual([]);
});

test('the check page with results passes axe and does not scroll sideways at 320 px', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 320, height: 640 });
  const data = await applicants(page);
  await page.goto('/check/');
  await upload(page, data);
  await page.getByLabel('显示').selectOption('review');
  await expect(page.locator('#check-results tbody tr[data-verdict="review"]')).toHaveCount(10);
  await page.getByLabel('显示').selectOption('');
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a pasted list with a header line and a masked ID copied from the list checks every data line', async ({ page }) => {
  const { entries } = (await (await page.request.get('/data/entries.json')).json()) as { entries: Published[] };
  const person = entries.find((e) => e.kind === 'person' && e.idNumberMasked && entries.filter((o) => o.name === e.name).length === 1)!;
  await page.goto('/check/');
  await page.getByLabel('待核查名单').fill(`姓名\t身份证号码\n${person.name}\t${person.idNumberMasked}\n司徒甲乙\t2105021985`);
  await page.getByRole('button', { name: '核查' }).click();
  await expect(page.locator('#check-status')).toContainText('核查 2 行');
  await expect(page.locator('#check-results tr[data-verdict="listed"]')).toContainText(person.idNumberMasked!);
  await expect(page.locator(`#check-results a[href="/entry/${person.id}/"]`)).toBeVisible();
  await expect(page.locator('#check-results tr[data-verdict="invalid"]')).toContainText('不是完整的 18 位');
});
