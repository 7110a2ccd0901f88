// The planner can only plan the pages it knows: every page under site/pages is declared in
// scripts/lib/pages.ts (with what each output reads) or listed as site-wide (rendered every
// time), and takes its paths from the declaration. publish.test.ts holds the plans to
// rendering everything, file for file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { outputFile, ROUTES, SITE_WIDE_PAGES } from '../../scripts/lib/pages.ts';
import { planOutputs } from '../../scripts/lib/plan.ts';
import { ROOT } from '../fixtures/unit/records.ts';

const PAGES = path.join(ROOT, 'site', 'pages');
/** Every file Astro makes a page or an endpoint of (its routing: .astro, Markdown, HTML, JavaScript and TypeScript). */
const PAGE_FILE = /\.(astro|md|mdx|markdown|html|js|mjs|ts)$/;

async function pageFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const item of await readdir(PAGES, { recursive: true, withFileTypes: true })) {
    if (item.isFile() && PAGE_FILE.test(item.name)) files.push(path.relative(PAGES, path.join(item.parentPath, item.name)).split(path.sep).join('/'));
  }
  return files.sort();
}

test('every page under site/pages is declared, once, and every declaration has its page', async () => {
  const declared = [...Object.keys(ROUTES), ...SITE_WIDE_PAGES];
  assert.equal(new Set(declared).size, declared.length, 'declared twice');
  const routes = (await pageFiles()).map((file) => file.replace(PAGE_FILE, ''));
  for (const route of routes) assert.ok(declared.includes(route), `site/pages/${route} is not declared in scripts/lib/pages.ts: say what each of its outputs reads (ROUTES) or list it as site-wide`);
  for (const route of declared) assert.ok(routes.includes(route), `scripts/lib/pages.ts declares ${route}, which has no page`);
});

test('a page with paths takes them from its own declaration, and a site-wide page has none', async () => {
  for (const file of await pageFiles()) {
    const route = file.replace(PAGE_FILE, '');
    const source = await readFile(path.join(PAGES, file), 'utf8');
    const paths = /getStaticPaths/.test(source);
    if (route in ROUTES) assert.match(source, new RegExp(`export const getStaticPaths = \\(\\) => pathsOf\\('${route.replace(/[[\].]/g, '\\$&')}'\\);`), `${file} must take its paths from pathsOf('${route}')`);
    else assert.ok(!paths, `${file} has paths of its own: declare it in ROUTES instead`);
  }
});

test('an output is rendered again exactly when what it reads changed, and removed when it no longer exists', () => {
  const before = new Map<string, string | null>([['entry/a/index.html', 'k1'], ['entry/b/index.html', 'k2'], ['list/x/2025-03/2/index.html', 'k3'], ['entry/c/index.html', null]]);
  const after = new Map([['entry/a/index.html', 'k1'], ['entry/b/index.html', 'k2b'], ['entry/c/index.html', 'k4'], ['entry/d/index.html', 'k5']]);
  assert.deepEqual(planOutputs(before, after), { render: ['entry/b/index.html', 'entry/c/index.html', 'entry/d/index.html'], remove: ['list/x/2025-03/2/index.html'] });
});

test('outputs are named as Astro writes them', () => {
  assert.equal(outputFile('entry/[id]', { id: 'p-1' }), 'entry/p-1/index.html');
  assert.equal(outputFile('list/[court]/[month]/[...page]', { court: '0502', month: '2025-03', page: undefined }), 'list/0502/2025-03/index.html');
  assert.equal(outputFile('list/[court]/[month]/[...page]', { court: '0502', month: '2025-03', page: '2' }), 'list/0502/2025-03/2/index.html');
  assert.equal(outputFile('list/[court]/index', { court: '0502' }), 'list/0502/index.html');
  assert.equal(outputFile('notices/[...page]', { page: undefined }), 'notices/index.html');
  assert.equal(outputFile('stats/[table].csv', { table: 'monthly' }), 'stats/monthly.csv');
  assert.equal(outputFile('[image].png', { image: 'share' }), 'share.png');
});
