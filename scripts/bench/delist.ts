// npm run bench:delist -- [--entries 100000] [--runs 5] [--dir DIR] [--today YYYY-MM-DD]
//   --today: the publication date (default 2026-11-26, the day the synthetic list is built for); a
//   folder kept with --dir and published on later days is delisted on its own last day, or the
//   first run also takes back what those days published.
//   --dir: build in DIR and keep it; a later run with the same DIR reuses its build (to measure
//   a change to the pipeline without rebuilding 100,000 pages first; a change to site/ or
//   scripts/lib/ makes the first delisting render everything, as it must).
// Builds N synthetic entries, then records one decision at a time and measures the time from
// the decision file being written to the new site being live and verified, the way
// `npm run delist` and watch mode publish it (scripts/lib/publish.ts).
import path from 'node:path';
import { access, realpath, rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildSite } from '../build.ts';
import { recordDecision } from '../delist.ts';
import { arrayItems } from '../lib/json-stream.ts';
import { piecesSummary, readsSummary, stagesSummary, syntheticContent } from './build.ts';
import { median } from './median.ts';
import { againstTargets } from './targets.ts';

/** The published entries run 1, 2, … delists: spread through the list (every 7,919th), read from
 *  the live entries.json a piece at a time, since at 1,000,000 entries (952 MB) it cannot be one string. */
export async function entriesToDelist(file: string, runs: number): Promise<{ id: string; court: string }[]> {
  const wanted = Array.from({ length: runs }, (_, i) => (i + 1) * 7919);
  const seen: { id: string; court: string }[] = [];
  for await (const item of arrayItems(file, 'entries')) {
    seen.push(item as { id: string; court: string });
    if (seen.length > wanted.at(-1)!) break;
  }
  if (seen.length === 0) throw new Error(`${file}: no published entries to delist`);
  // A list shorter than the spread wraps round, as before (index modulo the list's length).
  return wanted.map((at) => seen[at % seen.length]!);
}

async function main() {
  const { values } = parseArgs({ options: { entries: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' }, dir: { type: 'string' }, today: { type: 'string', default: '2026-11-26' } } });
  const kept = values.dir ? path.resolve(values.dir) : undefined;
  const reused = kept !== undefined && (await access(path.join(kept, 'out', 'site')).then(() => true, () => false));
  const dir = reused ? kept : await syntheticContent(Number(values.entries), kept);
  const content = path.join(dir, 'content');
  const out = path.join(dir, 'out');
  const today = values.today!;

  const started = performance.now();
  if (!reused) await buildSite({ content, out, today, strict: false, quiet: true, resident: true });
  const fullBuildMs = performance.now() - started;
  console.log(reused ? `reusing the build in ${dir}` : `full build: ${(fullBuildMs / 1000).toFixed(1)} s`);

  const picked = await entriesToDelist(path.join(await realpath(path.join(out, 'site')), 'data/entries.json'), Number(values.runs));
  const live: number[] = [];
  const done: number[] = [];
  const command: number[] = [];
  for (let run = 1; run <= Number(values.runs); run++) {
    const entry = picked[run - 1]!;
    const t0 = performance.now();
    // What `npm run delist` does first: validate the decision and write its file.
    await recordDecision(content, { entryId: entry.id, type: '屏蔽', reason: 'performed', docNumber: `(2026)辽0502执异${run}号`, court: entry.court, decidedOn: today }, { out });
    const t1 = performance.now();
    // What `npm run delist` does next (publishDecisions), with the report's stages kept.
    const report = await buildSite({ content, out, today, strict: false, quiet: true, resident: true });
    const [liveMs, ms] = [report.liveAt - t1, performance.now() - t1];
    live.push(liveMs);
    done.push(ms);
    command.push(performance.now() - t0);
    // Whether verify's head start brought the kept export pieces up to date (verify-output.ts refreshVerdictsAhead).
    const ahead = report.verifyAhead && ('error' in report.verifyAhead ? `; verify's head start failed: ${report.verifyAhead.error}` : `; verify's head start: ${report.verifyAhead.refreshed} of ${report.verifyAhead.kept} kept verdicts brought up to date (${report.verifyAhead.read} by reading the piece), ${report.verifyAhead.left} left`);
    console.log(`run ${run}: ${entry.id} delisted (${report.mode}${report.why ? `: ${report.why.message}` : ''}): file written → live and verified ${(liveMs / 1000).toFixed(1)} s, clean-up done ${(ms / 1000).toFixed(1)} s; with recording the decision ${((performance.now() - t0) / 1000).toFixed(1)} s; ${report.rendered} page(s) rendered, ${report.applied} file(s) replaced — ${stagesSummary(report)}${ahead ?? ''}${piecesSummary(report)}${readsSummary(report)}`);
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`\nbench:delist — ${values.entries} entries, median of ${values.runs}: decision file written → live and verified ${s(median(live))}${againstTargets('delisting', Number(values.entries))}; clean-up done ${s(median(done))}; the whole delist command ${s(median(command))}${reused ? '' : `; full build ${s(fullBuildMs)}`}`);
  if (!kept) await rm(dir, { recursive: true, force: true });
}

if (import.meta.main) await main();
