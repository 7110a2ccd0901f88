// npm run bench:next-day -- --dir DIR [--runs 3] [--today YYYY-MM-DD] [--batch N]
// What a morning costs: the list published yesterday, published again today by the command the
// operator (or the daily job) runs, `npm run build`, in a new process. DIR is a folder kept by
// `npm run bench -- --entries N --dir DIR` (content/ and out/), published on some day D.
//   1. D again, in place: the same inputs publish nothing; after a change of code this brings the
//      folder up to it (the first publication by new code remakes every export piece and its
//      privacy verdict, which no morning pays), and is printed, not counted.
//   2. Each run: DIR published for --today (default D + 1), then put back as it was from a copy
//      (DIR.next-day), so every run starts from the same folder, as every morning starts from
//      the day before.
// Which entries expire or become public that day is the folder's: the line of each run says how
// many pages were rendered and files replaced. --batch N: that morning a court's new batch of N
// entries arrives too (content/entries/bench-next-day-batch.jsonl, public from that day).
import { execFile } from 'node:child_process';
import { readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import type { BuildReport } from '../build.ts';
import { newBatch, readsSummary, stagesSummary } from './build.ts';
import { FRESHNESS_FILE, type Freshness } from '../lib/freshness.ts';
import { addDays } from '../lib/shared/dates.ts';
import { median } from './median.ts';
import { againstTargets } from './targets.ts';

const run = promisify(execFile);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * `npm run build` for `today`, timed from the command's start to its end (Node's start and npm's
 * included), with the report of the release it made live; none when it found nothing to publish.
 */
async function publish(dir: string, today: string): Promise<{ ms: number; report?: BuildReport }> {
  const out = path.join(dir, 'out');
  // The live release's work folder holds the report of the last publication (a patch writes
  // its own there); one that found nothing to publish writes none.
  const lastReport = async () => readFile(path.join(out, '.work', path.basename(await realpath(path.join(out, 'site'))), 'build-report.json'), 'utf8').catch(() => '');
  const before = await lastReport();
  const started = performance.now();
  await run('npm', ['run', '--silent', 'build', '--', '--content', path.join(dir, 'content'), '--out', out, '--today', today], { maxBuffer: 64 << 20 });
  const ms = performance.now() - started;
  const after = await lastReport();
  return after === before ? { ms } : { ms, report: JSON.parse(after) as BuildReport };
}

function describe(report: BuildReport): string {
  return `${report.mode}: ${report.rendered} page(s) rendered, ${report.applied} file(s) replaced, ${report.newEvents} change event(s)${readsSummary(report)}; ${stagesSummary(report)}; peak ${Math.round(Math.max(...report.stages.map((s) => s.maxRssMb)))} MB`;
}

export interface NextDayRuns {
  /** The day the folder was published for, and what it published. */
  live: Freshness;
  today: string;
  /** The publication of the live day again, in place, before the runs (no report: nothing to publish). */
  warm: { ms: number; report?: BuildReport };
  runs: { ms: number; report: BuildReport }[];
}

/** The new batch of a morning: other ids and case numbers than the synthetic content's and `npm run bench`'s batch. */
export function morningBatch(n: number, day: string): string {
  return newBatch(n, day, { prefix: 'nd', firstCase: 900_000, seed: 20261128 });
}

/** A copy of a folder as `cp -a` makes it (links as they are; Node's cp took minutes for the 300,000 files of 100,000 entries). */
async function copyFolder(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await run('cp', ['-a', from, to]);
  // Written to disk before the run: gigabytes of the copy's pages written back meanwhile made
  // the run that followed half as slow again (the read stage 5.4 s instead of 3.5).
  await run('sync');
}

/**
 * Publishes `dir`'s live day again in place, then `today` (default the day after) `runs` times,
 * each from the same folder: `dir` is copied aside once and put back after each run. The runs
 * publish `dir` itself, at its own path, since the kept reads of content files are kept by path
 * too (read-cache.ts; a copy elsewhere reads every batch afresh, as a content folder moved
 * would once). Killed midway, `dir` is left published one day later, and the copy beside it.
 */
export async function nextDayRuns(dir: string, runs: number, { today, batch = 0, log = () => {} }: { today?: string; batch?: number; log?: (line: string) => void } = {}): Promise<NextDayRuns> {
  const live = JSON.parse(await readFile(path.join(dir, 'out', 'site', FRESHNESS_FILE), 'utf8')) as Freshness;
  const day = today ?? addDays(live.asOf, 1);
  const warm = await publish(dir, live.asOf);
  log(`${live.asOf} again, in place (not counted): ${seconds(warm.ms)} — ${warm.report ? describe(warm.report) : 'nothing to publish'}`);
  const kept = `${dir}.next-day`;
  await copyFolder(dir, kept);
  const done: NextDayRuns['runs'] = [];
  for (let i = 1; i <= runs; i++) {
    if (i > 1) await copyFolder(kept, dir);
    if (batch) await writeFile(path.join(dir, 'content', 'entries', 'bench-next-day-batch.jsonl'), morningBatch(batch, day));
    const { ms, report } = await publish(dir, day);
    if (!report) throw new Error(`bench:next-day: ${day} published nothing: is it the folder's own day?`);
    done.push({ ms, report });
    log(`run ${i}: ${day} ${seconds(ms)} — ${describe(report)}`);
  }
  // The folder as it was, as the copy holds it.
  await rm(dir, { recursive: true, force: true });
  await rename(kept, dir);
  return { live, today: day, warm, runs: done };
}

async function main() {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, runs: { type: 'string', default: '3' }, today: { type: 'string' }, batch: { type: 'string', default: '0' } } });
  if (!values.dir) throw new Error('bench:next-day: --dir DIR, a folder kept by `npm run bench -- --dir DIR`, is required');
  const batch = Number(values.batch);
  const { live, today, runs } = await nextDayRuns(path.resolve(values.dir), Number(values.runs), { today: values.today, batch, log: (line) => console.log(line) });
  const times = runs.map((r) => r.ms);
  const stageMedians = runs[0]!.report.stages.map(({ stage }) => `${stage} ${(median(runs.map((r) => r.report.stages.find((s) => s.stage === stage)?.ms ?? 0)) / 1000).toFixed(1)}`).join('  ');
  console.log(`\nbench:next-day — ${live.published.toLocaleString('en')} published on ${live.asOf}, then ${today}${batch ? ` with a new batch of ${batch.toLocaleString('en')}` : ''} as a command, median of ${times.length}: ${seconds(median(times))} (${times.map(seconds).join(', ')})${batch === 1000 || !batch ? againstTargets(batch ? 'batch' : 'nextDay', live.published) : ''}; stages (median, s): ${stageMedians}`);
}

if (import.meta.main) await main();
