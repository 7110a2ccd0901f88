// The way off the list, from an entry page on a 360 px phone: the correction box with the
// entry's own dates and its court's address, phone and hours, and the printable application
// prefilled from the entry (the bundled sample, built as of 2026-11-26 by the shared server).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { FIXTURE_IDS } from '../../scripts/lib/sample/generate.ts';
import { maskIdNumber } from '../../scripts/lib/shared/rules/id-number.ts';
import { formatDate } from '../../scripts/lib/shared/dates.ts';
import { addWorkingDays } from '../../scripts/lib/rules/working-days.ts';
import { ROOT } from '../helpers/build-fixture.ts';
import { SEARCH_FIXTURE_URL } from '../../playwright.config.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { BASE, expectNoAxeViolations, offOriginRequests, sampleRow } from '../helpers/sample-site.ts';


async function courtRecord(name: string): Promise<{ address: string; phone: string; hours: string }> {
  const { courts } = JSON.parse(await readFile(path.join(ROOT, 'content/courts.json'), 'utf8')) as { courts: { name: string; address: string; phone: string; hours: string }[] };
  return courts.find((c) => c.name === name)!;
}

test('a listed person finds their court, their listing end and a prefilled application that prints without their full ID', async ({ page }) => {
  const row = await sampleRow(FIXTURE_IDS.endsOn20261231);
  const fullId = String(row.idNumber);
  const masked = maskIdNumber(fullId);
  const caseNumber = String(row.caseNumber);
  const court = await courtRecord(String(row.court));
  const off = offOriginRequests(page);

  await page.goto(`${BASE}/entry/${FIXTURE_IDS.endsOn20261231}/`);
  const box = page.locator('[data-correction-box]');
  await expect(box.getByRole('heading', { name: '如何纠正或退出' })).toBeVisible();
  await expect(box.locator('[data-court-contact]')).toContainText(court.address);
  await expect(box.locator('[data-court-contact]')).toContainText(court.phone);
  await expect(box.locator('[data-court-contact]')).toContainText(court.hours);
  // The listing end and the court's deadline after it, counted in working days (2027-01-01 is 元旦).
  await expect(box.locator('[data-listing-ends]')).toContainText('失信期限至 2026年12月31日');
  await expect(box.locator('[data-listing-ends]')).toContainText(`最迟 ${formatDate(addWorkingDays('2026-12-31', 3))}`);
  await expect(box).toContainText('10 日内');
  await expect(box).toContainText('15 日内');
  await expectNoAxeViolations(page, 'entry page with the correction box');
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 'the page scrolls sideways').toBeLessThanOrEqual(0);

  await expect(page.locator('#application-correction')).toBeHidden();
  await box.getByRole('link', { name: '打印纠正申请书' }).click();
  const application = page.locator('#application-correction');
  await expect(application).toBeVisible();
  await expect(application.getByRole('heading', { name: '纠正申请书' })).toBeVisible();
  await expect(application.getByRole('button', { name: '打印' })).toBeVisible();
  const onScreen = await application.innerText();
  expect(onScreen).toContain(caseNumber);
  expect(onScreen).toContain(masked);
  expect(onScreen).toContain(String(row.court));
  expect(onScreen).not.toContain(fullId);
  expect(onScreen).not.toContain(fullId.slice(6, 14));
  await expectNoAxeViolations(page, 'entry page with the application open');

  // On paper: the application alone, on A4 — not the entry page around it.
  const pdf = pdfText(await page.pdf({ format: 'A4' }));
  expect(pdf).toContain(masked);
  expect(pdf).not.toContain(fullId.slice(6, 14));
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => document.body.innerText);
  expect(printed).toContain('纠正申请书');
  expect(printed).toContain(caseNumber);
  expect(printed).toContain(masked);
  expect(printed).not.toContain(fullId.slice(6, 14));
  expect(printed).not.toContain('如何纠正或退出');
  expect(printed).not.toContain('屏蔽（删除）失信信息申请书');
  await page.emulateMedia({ media: 'screen' });

  expect(off, 'requests that left the site').toEqual([]);
});

test('after paying, the removal application is prefilled too; an entry listed for refusing alone has no fixed end', async ({ page }) => {
  const row = await sampleRow(FIXTURE_IDS.zhangWeiming);
  await page.goto(`${BASE}/entry/${FIXTURE_IDS.zhangWeiming}/#application-removal`);
  const application = page.locator('#application-removal');
  await expect(application.getByRole('heading', { name: '屏蔽（删除）失信信息申请书' })).toBeVisible();
  await expect(application).toContainText(String(row.caseNumber));
  await expect(application).toContainText('已全部履行生效法律文书确定的义务');
  await expect(page.locator('#application-correction')).toBeHidden();
  // 张伟明 is listed for behaviour 1 alone (scripts/lib/sample/generate.ts).
  await expect(page.locator('[data-listing-ends]')).toHaveText('无固定期限，履行完毕或法院决定后撤下。');
});

test('an organisation’s application carries its credit code and asks for its licence', async ({ page }) => {
  const row = await sampleRow(FIXTURE_IDS.org);
  await page.goto(`${BASE}/entry/${FIXTURE_IDS.org}/`);
  await expect(page.locator('[data-correction-box]')).toContainText('营业执照');
  await page.getByRole('link', { name: '打印纠正申请书' }).click();
  await expect(page.locator('#application-correction')).toContainText(String(row.creditCode));
});

test('an entry whose court is not in the directory says so and points to the national site', async ({ page }) => {
  // The search quality fixture (tests/fixtures/search-fixture.ts) has no courts.json.
  await page.goto(`${SEARCH_FIXTURE_URL}/entry/s-zwm/`);
  const missing = page.locator('[data-correction-box] [data-court-missing]');
  await expect(missing).toContainText('暂无');
  await expect(missing.getByRole('link', { name: '中国执行信息公开网' })).toHaveAttribute('href', 'http://zxgk.court.gov.cn/');
  await expect(page.locator('[data-correction-box] [data-court-contact]')).toHaveCount(0);
});
