// npm run bench:delist -- [--entries 100000] [--runs 5]
// Builds N synthetic entries, then records one decision at a time and measures the time from
// the decision file being written to the new site being live and verified, the way
// `npm run delist` and watch mode publish it (express delisting, scripts/lib/express.ts).
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildSite } from '../build.ts';
import { recordDecision } from '../delist.ts';
import { publishDecisions } from '../delist.ts';
import { syntheticContent } from './build.ts';
import { readFile, realpath } from 'node:fs/promises';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } } });
const dir = await syntheticContent(Number(values.entries));
const content = path.join(dir, 'content');
const out = path.join(dir, 'out');
const today = '2026-11-26';

const started = performance.now();
await buildSite({ content, out, today, strict: false, quiet: true });
const fullBuildMs = performance.now() - started;
console.log(`full build: ${(fullBuildMs / 1000).toFixed(1)} s`);

const listed = JSON.parse(await readFile(path.join(await realpath(path.join(out, 'site')), 'data/entries.json'), 'utf8')) as { entries: { id: string; court: string }[] };
const live: number[] = [];
const done: number[] = [];
const command: number[] = [];
for (let run = 1; run <= Number(values.runs); run++) {
  const entry = listed.entries[(run * 7919) % listed.entries.length]!;
  const t0 = performance.now();
  // What `npm run delist` does first: validate the decision and write its file.
  await recordDecision(content, { entryId: entry.id, type: '屏蔽', reason: 'performed', docNumber: `(2026)辽0502执异${run}号`, court: entry.court, decidedOn: today }, { out });
  let detail = '';
  const { mode, liveMs, ms } = await publishDecisions({ content, out, today, log: (line) => (detail = line) });
  live.push(liveMs);
  done.push(ms);
  command.push(performance.now() - t0);
  console.log(`run ${run}: ${entry.id} delisted (${mode}): file written → live and verified ${(liveMs / 1000).toFixed(1)} s, clean-up done ${(ms / 1000).toFixed(1)} s; with recording the decision ${((performance.now() - t0) / 1000).toFixed(1)} s — ${detail}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`\nbench:delist — ${values.entries} entries, median of ${values.runs}: decision file written → live and verified ${s(median(live))} (target ≤ 10 s); clean-up done ${s(median(done))}; the whole delist command ${s(median(command))}; full build ${s(fullBuildMs)}`);
await rm(dir, { recursive: true, force: true });
