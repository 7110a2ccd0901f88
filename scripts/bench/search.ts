// npm run bench:search -- [--entries 100000] [--runs 5]
// Builds N synthetic entries, serves them, and in headless Chromium with the network
// throttled to Fast 3G and the CPU slowed 4× measures, for a first and a second query:
// bytes transferred from the keystroke to the first result painted, and the time it took.
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { buildSite } from '../build.ts';
import { startServer } from '../serve.ts';
import { syntheticContent } from './build.ts';
import { median } from './median.ts';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' }, first: { type: 'string', default: '王芳' }, second: { type: 'string', default: '李娜' } } });
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8, uploadThroughput: (750 * 1024 * 0.9) / 8 };

const dir = await syntheticContent(Number(values.entries));
const out = path.join(dir, 'out');
const built = performance.now();
const report = await buildSite({ content: path.join(dir, 'content'), out, today: '2026-11-26', strict: false, quiet: true });
const indexStage = report.stages.find((s) => s.stage === 'search')!;
console.log(`built ${report.counts.published} entries in ${((performance.now() - built) / 1000).toFixed(1)} s (search index stage ${(indexStage.ms / 1000).toFixed(1)} s, build process peak ${Math.round(indexStage.maxRssMb)} MB)`);
const server = await startServer(out, 0);
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const browser = await chromium.launch({
  executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

interface Sample { bytes: number; ms: number; results: number }
const firsts: Sample[] = [];
const seconds: Sample[] = [];
const pageBytes: number[] = [];
for (let run = 1; run <= Number(values.runs); run++) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  // Every response counted as encoded on the wire (gzip where the server compresses).
  let bytes = 0;
  context.on('requestfinished', (request) => {
    void request.sizes().then((s) => (bytes += s.responseBodySize + s.responseHeadersSize)).catch(() => {});
  });
  await page.goto(`${base}/search/`, { waitUntil: 'load' });
  // The page warms the index up while a person would be reading or typing.
  await page.waitForLoadState('networkidle');
  pageBytes.push(bytes);
  const measure = async (query: string): Promise<Sample> => {
    await page.fill('#q', query);
    bytes = 0;
    // Time from the last keystroke (Enter) to the first result card painted, measured in the page.
    const ms = await page.evaluate(() => new Promise<number>((resolve) => {
      const list = document.querySelector('#search-results')!;
      list.replaceChildren();
      const input = document.querySelector<HTMLInputElement>('#q')!;
      const start = performance.now();
      const observer = new MutationObserver(() => {
        if (list.querySelector('li')) {
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - start));
        }
      });
      observer.observe(list, { childList: true });
      input.form!.requestSubmit();
    }));
    await page.locator('#search-status[data-state="done"]').waitFor({ state: 'attached' });
    const results = await page.locator('#search-results li').count();
    return { bytes, ms, results };
  };
  const first = await measure(values.first!);
  const second = await measure(values.second!);
  firsts.push(first);
  seconds.push(second);
  console.log(`run ${run}: first ${Math.round(first.ms)} ms, ${(first.bytes / 1024).toFixed(0)} KB (${first.results} cards); second ${Math.round(second.ms)} ms, ${(second.bytes / 1024).toFixed(0)} KB`);
  await context.close();
}
console.log(`\nbench:search — ${values.entries} entries, Fast 3G + 4× CPU, median of ${values.runs} runs`);
console.log(`search page load, index warm-up included: ${(median(pageBytes) / 1024).toFixed(0)} KB`);
console.log(`first query  (${values.first}): ${Math.round(median(firsts.map((s) => s.ms)))} ms to results painted, ${(median(firsts.map((s) => s.bytes)) / 1024).toFixed(0)} KB transferred (target ≤ 1000 ms, ≤ 300 KB)`);
console.log(`second query (${values.second}): ${Math.round(median(seconds.map((s) => s.ms)))} ms, ${(median(seconds.map((s) => s.bytes)) / 1024).toFixed(0)} KB (target ≤ 300 ms)`);
await browser.close();
server.close();
await rm(dir, { recursive: true, force: true });
