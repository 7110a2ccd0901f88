// npm run bench:lighthouse -- [--runs 3] [--out DIR] [--pages home,search,...]
// Lighthouse 12 (pinned), mobile, against a build of the bundled sample (content/) served by
// scripts/serve.ts on 127.0.0.1: home, search with a query, an entry, a case, /cases/,
// /measures/, /stats/ and /check/. Prints the four category scores of each page (median of the
// runs) and the audits that cost points. --out: serve an existing build instead of building one.
import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildSite } from '../build.ts';
import { startServer } from '../serve.ts';
import { layoutOf } from '../lib/release.ts';
import { FIXTURE_IDS } from '../lib/sample/generate.ts';
import { CATEGORIES, lighthouse, lighthousePages, type PageScores } from './lighthouse-run.ts';
import { median } from './median.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, out: { type: 'string' }, pages: { type: 'string' } } });
const RUNS = Number(values.runs);

let out = values.out;
if (!out) {
  out = path.join(ROOT, '.tmp/bench-lighthouse/out');
  const started = performance.now();
  await buildSite({ content: path.join(ROOT, 'content'), out, today: '2026-11-26', strict: false, quiet: true });
  console.log(`built the sample into ${path.relative(ROOT, out)} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
const caseSlug = (await readdir(path.join(layoutOf(out).live, 'cases'), { withFileTypes: true })).find((d) => d.isDirectory())!.name;
const wanted = values.pages?.split(',');
const pages = lighthousePages({ entry: FIXTURE_IDS.zhangWeiming, caseSlug }).filter((p) => !wanted || wanted.includes(p.name));

const server = await startServer(out, 0);
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const rows: string[] = [];
const notes: string[] = [];
for (const page of pages) {
  const runs: PageScores[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const r = await lighthouse(base + page.path);
    runs.push(r);
    console.log(`${page.name} run ${i + 1} (${((performance.now() - started) / 1000).toFixed(0)} s): ${CATEGORIES.map((c) => `${c} ${r.scores[c]}`).join(', ')}`);
  }
  const m = Object.fromEntries(CATEGORIES.map((c) => [c, median(runs.map((r) => r.scores[c]))])) as Record<(typeof CATEGORIES)[number], number>;
  const seoAside = runs[0]!.noindex ? ` (${median(runs.map((r) => r.seoWithoutNoindex))} without is-crawlable: noindex on purpose)` : '';
  const low = CATEGORIES.some((c) => m[c] < 95);
  rows.push(`${page.name.padEnd(9)} ${CATEGORIES.map((c) => String(m[c]).padStart(c.length)).join('  ')}${seoAside}${low ? '  < 95' : ''}`);
  const failing = new Map<string, string>();
  for (const r of runs) for (const f of r.failing) failing.set(`${f.category}/${f.id}`, `${f.score.toFixed(2)}${f.display ? ` ${f.display}` : ''}`);
  if (failing.size) notes.push(`${page.name}: ${[...failing].map(([id, s]) => `${id} ${s}`).join('; ')}`);
}
server.close();
console.log(`\nbench:lighthouse — Lighthouse 12.2.3, mobile (simulated Slow 4G, 4× CPU), the bundled sample; median of ${RUNS} run${RUNS === 1 ? '' : 's'} (target ≥ 95 in every category)`);
console.log(`${'page'.padEnd(9)} ${CATEGORIES.join('  ')}`);
for (const row of rows) console.log(row);
if (notes.length) console.log(`\naudits below full marks (any run):\n${notes.join('\n')}`);
