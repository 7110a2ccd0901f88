// npm run bench:check -- [--rows 10000] [--entries 100000]
// Builds N synthetic entries, serves them, and in headless Chromium (this machine's CPU, no
// throttling) uploads a spreadsheet of R rows to /check/: the time from choosing the file to the
// summary and first page of results painted. Cold: the published list is fetched and indexed
// too; warm: the same page checks a second file. One row in ten is on the list (masked IDs as the
// list shows them, and credit codes), the rest are full IDs that are not.
import path from 'node:path';
import { readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import writeXlsxFile from 'write-excel-file/node';
import { stringify } from 'csv-stringify/sync';
import { buildSite } from '../build.ts';
import { startServer } from '../serve.ts';
import { syntheticContent } from './build.ts';
import { idCheckCharacter } from '../lib/shared/rules/id-number.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000' }, entries: { type: 'string', default: '100000' } } });
const ROWS = Number(values.rows);

const dir = await syntheticContent(Number(values.entries));
const out = path.join(dir, 'out');
const built = performance.now();
const report = await buildSite({ content: path.join(dir, 'content'), out, today: '2026-11-26', strict: false, quiet: true });
console.log(`built ${report.counts.published} entries in ${((performance.now() - built) / 1000).toFixed(1)} s`);
const listFile = path.join(out, 'site', 'data', 'entries.json');
const { entries } = JSON.parse(await readFile(listFile, 'utf8')) as { entries: { name: string; idNumberMasked?: string; creditCode?: string }[] };
const listBytes = (await readFile(listFile)).length;

const rows: string[][] = [['序号', '姓名/名称', '证件号码']];
const listed = entries.filter((e) => e.idNumberMasked || e.creditCode);
for (let i = 0; i < ROWS; i++) {
  if (i % 10 === 0 && listed.length) {
    const e = listed[(i * 7919) % listed.length]!;
    rows.push([String(i + 1), e.name, e.idNumberMasked ?? e.creditCode!]);
  } else {
    const first17 = `2105021970${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
    rows.push([String(i + 1), '应聘者', first17 + idCheckCharacter(first17)]);
  }
}
const xlsx = await writeXlsxFile(rows.map((row) => row.map((value) => ({ value, type: String })))).toBuffer();
const csv = Buffer.from(stringify(rows));

const server = await startServer(out, 0);
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const browser = await chromium.launch({
  executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
page.on('console', (message) => message.type() === 'error' && console.error(`page console: ${message.text()}`));
await page.goto(`${base}/check/`, { waitUntil: 'networkidle' });

/** Milliseconds from the file chosen to the summary and the first page of results painted. */
async function timeUpload(p: Page, name: string, mimeType: string, buffer: Buffer): Promise<{ ms: number; status: string }> {
  const timing = p.evaluate(() => new Promise<number>((resolve) => {
    let start = 0;
    document.addEventListener('change', () => (start = performance.now()), { capture: true, once: true });
    const status = document.querySelector<HTMLElement>('#check-status')!;
    status.dataset.state = '';
    const observer = new MutationObserver(() => {
      if (status.dataset.state === 'done' || status.dataset.state === 'error') {
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
      }
    });
    observer.observe(status, { attributes: true, attributeFilter: ['data-state'] });
  }));
  await p.locator('#check-file').setInputFiles({ name, mimeType, buffer });
  const ms = await timing;
  const status = await p.locator('#check-status').innerText();
  if ((await p.locator('#check-status').getAttribute('data-state')) !== 'done') throw new Error(`the check failed: ${status}`);
  return { ms, status };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const cold = await timeUpload(page, 'rows.xlsx', XLSX, xlsx);
const warm = await timeUpload(page, 'rows.xlsx', XLSX, xlsx);
const warmCsv = await timeUpload(page, 'rows.csv', 'text/csv', csv);
console.log(`\nbench:check — ${ROWS} rows against ${report.counts.published} entries, headless Chromium on this machine (no throttling)`);
console.log(`published list: ${(listBytes / 1024 / 1024).toFixed(1)} MB (entries.json, uncompressed)`);
console.log(`XLSX, cold (list fetched and indexed): ${(cold.ms / 1000).toFixed(2)} s  (target ≤ 5 s)`);
console.log(`XLSX, warm (list already loaded):      ${(warm.ms / 1000).toFixed(2)} s`);
console.log(`CSV,  warm:                            ${(warmCsv.ms / 1000).toFixed(2)} s`);
console.log(`status: ${cold.status}`);
await browser.close();
server.close();
await rm(dir, { recursive: true, force: true });
