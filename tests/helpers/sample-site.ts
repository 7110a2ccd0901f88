// What the browser tests of the shared sample build have in common: where it is served, the
// test's own copy of the raw sample rows (full ID numbers included, to prove they never leave),
// and the checks every page kind gets.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readTable } from '../../scripts/lib/ingest/read-table.ts';
import { mapEntryColumns } from '../../scripts/lib/ingest/columns.ts';
import { ROOT } from './build-fixture.ts';

/** The shared sample build, served by playwright.config.ts's web server. */
export const BASE = `http://127.0.0.1:${Number(process.env.GONGSHI_TEST_PORT ?? 4391)}`;

/** Raw sample rows by id, read straight from content/ (the test's own view of the input). */
export async function sampleRows(): Promise<Map<string, Record<string, unknown>>> {
  const dir = path.join(ROOT, 'content/entries');
  const rows = new Map<string, Record<string, unknown>>();
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    for (const row of readTable(file, await readFile(file)).rows) {
      const { mapped } = mapEntryColumns(row.values);
      rows.set(String(mapped.id), mapped);
    }
  }
  return rows;
}

export async function sampleRow(id: string): Promise<Record<string, unknown>> {
  const row = (await sampleRows()).get(id);
  if (!row) throw new Error(`no sample entry ${id}`);
  return row;
}

/** Every request the page makes to anywhere but this site, collected as it goes. */
export function offOriginRequests(page: Page): string[] {
  const off: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== BASE) off.push(request.url());
  });
  return off;
}

export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.length}`), what).toEqual([]);
}

/** axe finds nothing and the page does not scroll sideways. */
export async function expectReadable(page: Page, what: string): Promise<void> {
  await expectNoAxeViolations(page, what);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${what} scrolls sideways`).toBeLessThanOrEqual(0);
}
