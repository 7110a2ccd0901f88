// npm run bench:next-day -- --dir DIR [--runs 3] [--today YYYY-MM-DD]
// What a morning costs: the list published yesterday, published again today by the command the
// operator (or the daily job) runs, `npm run build`, in a new process. DIR is a folder kept by
// `npm run bench -- --entries N --dir DIR` (content/ and out/), published on some day D.
//   1. D again, in place: the same inputs publish nothing; after a change of code this brings the
//      folder up to it (the first publication by new code remakes every export piece and its
//      privacy verdict, which no morning pays), and is printed, not counted.
//   2. Each run: a copy of DIR beside it, published for --today (default D + 1) and removed, so
//      every run starts from the same folder, as every morning starts from the day before.
// Which entries expire or become public that day is the folder's: the line of each run says how
// many pages were rendered and files replaced.
import { execFile } from 'node:child_process';
import { cp, readFile, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import type { BuildReport } from '../build.ts';
import { FRESHNESS_FILE, type Freshness } from '../lib/freshness.ts';
import { addDays } from '../lib/shared/dates.ts';

const run = promisify(execFile);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
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
  const stages = report.stages.map((s) => `${s.stage} ${(s.ms / 1000).toFixed(1)}`).join('  ');
  return `${report.mode}: ${report.rendered} page(s) rendered, ${report.applied} file(s) replaced, ${report.newEvents} change event(s); ${stages}; peak ${Math.round(Math.max(...report.stages.map((s) => s.maxRssMb)))} MB`;
}

export interface NextDayRuns {
  /** The day the folder was published for, and what it published. */
  live: Freshness;
  today: string;
  /** The publication of the live day again, in place, before the runs (no report: nothing to publish). */
  warm: { ms: number; report?: BuildReport };
  runs: { ms: number; report: BuildReport }[];
}

/** Publishes `dir`'s live day again in place, then `today` (default the day after) `runs` times, each in a fresh copy of `dir`. */
export async function nextDayRuns(dir: string, runs: number, today?: string, log: (line: string) => void = () => {}): Promise<NextDayRuns> {
  const live = JSON.parse(await readFile(path.join(dir, 'out', 'site', FRESHNESS_FILE), 'utf8')) as Freshness;
  const day = today ?? addDays(live.asOf, 1);
  const warm = await publish(dir, live.asOf);
  log(`${live.asOf} again, in place (not counted): ${seconds(warm.ms)} — ${warm.report ? describe(warm.report) : 'nothing to publish'}`);
  const copy = `${dir}.next-day`;
  const done: NextDayRuns['runs'] = [];
  try {
    for (let i = 1; i <= runs; i++) {
      await rm(copy, { recursive: true, force: true });
      await cp(dir, copy, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
      const { ms, report } = await publish(copy, day);
      if (!report) throw new Error(`bench:next-day: ${day} published nothing: is it the folder's own day?`);
      done.push({ ms, report });
      log(`run ${i}: ${day} ${seconds(ms)} — ${describe(report)}`);
    }
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
  return { live, today: day, warm, runs: done };
}

async function main() {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, runs: { type: 'string', default: '3' }, today: { type: 'string' } } });
  if (!values.dir) throw new Error('bench:next-day: --dir DIR, a folder kept by `npm run bench -- --dir DIR`, is required');
  const { live, today, runs } = await nextDayRuns(path.resolve(values.dir), Number(values.runs), values.today, (line) => console.log(line));
  const times = runs.map((r) => r.ms);
  const stageMedians = runs[0]!.report.stages.map(({ stage }) => `${stage} ${(median(runs.map((r) => r.report.stages.find((s) => s.stage === stage)?.ms ?? 0)) / 1000).toFixed(1)}`).join('  ');
  console.log(`\nbench:next-day — ${live.published.toLocaleString('en')} published on ${live.asOf}, then ${today} as a command, median of ${times.length}: ${seconds(median(times))} (${times.map(seconds).join(', ')}); target ≤ 10 s at 100,000 entries, ≤ 60 s at 1,000,000 on a day with no change; stages (median, s): ${stageMedians}`);
}

if (import.meta.main) await main();
