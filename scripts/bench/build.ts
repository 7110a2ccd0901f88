// npm run bench -- --entries 10000 [--runs 3] [--next-day]
// Generates N synthetic entries in a temp folder, publishes them into a new output folder
// (read → plan → Astro → indexes → verify → apply) and prints wall time and peak memory of each
// stage; --next-day publishes again one day later and once more the same day (nothing to do).
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite, type BuildReport } from '../build.ts';
import { writeSyntheticContent } from '../generate-sample.ts';
import { sampleEntries } from '../lib/sample/generate.ts';

/** Synthetic content for n entries in `dir` (created), or in a new temporary folder. */
export async function syntheticContent(n: number, dir?: string): Promise<string> {
  if (dir) await mkdir(dir, { recursive: true });
  else dir = await mkdtemp(path.join(os.tmpdir(), `gongshi-bench-${n}-`));
  const content = path.join(dir, 'content');
  await writeSyntheticContent(content, { entries: n, seed: 20181107 });
  await cp(new URL('../../content/measures/catalog.json', import.meta.url), path.join(content, 'measures', 'catalog.json'));
  await writeFile(path.join(content, 'site.json'), JSON.stringify({ city: '本溪市', sampleData: true }));
  return dir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** Median wall time and peak memory of each stage over the runs. */
function printStages(title: string, reports: readonly BuildReport[]): void {
  console.log(`\n${title}`);
  console.log('stage       wall (s)   peak RSS (MB)');
  for (const stage of reports[0]!.stages.map((s) => s.stage)) {
    const of = reports.map((r) => r.stages.find((s) => s.stage === stage)!);
    console.log(`${stage.padEnd(10)} ${(median(of.map((s) => s.ms)) / 1000).toFixed(1).padStart(9)}   ${Math.round(median(of.map((s) => s.maxRssMb))).toString().padStart(13)}`);
  }
  // Astro is its own process, started first: its time overlaps read, plan and render.
  console.log(`${'total'.padEnd(10)} ${(median(reports.map((r) => r.stages.filter((s) => s.stage !== 'astro').reduce((n, s) => n + s.ms, 0))) / 1000).toFixed(1).padStart(9)}   (astro runs beside read, plan and render)`);
}

/** N entries the synthetic content does not have (other ids and case numbers), public from NEXT_DAY. */
function newBatch(n: number): string {
  return sampleEntries({ seed: 20261127, total: n })
    .map((e, i) => JSON.stringify({ ...e, id: `nb-${String(i).padStart(6, '0')}`, caseNumber: e.caseNumber.replace(/执\d+号$/, `执${800_000 + i}号`), publishedOn: NEXT_DAY }))
    .join('\n');
}

const DAY = '2026-11-26';
/** The day after DAY. Entries that expire or become public on it are real changes: the run line counts them. */
const NEXT_DAY = '2026-11-27';

if (import.meta.main) {
  // Parsed here, not on import: other benches import syntheticContent with options of their own.
  // --next-day: after each first build, build the same content into the same output folder one
  // day later (what every morning with no new data costs).
  // --batch N (with --next-day): then a new batch of N entries arrives that day (default 1,000).
  // --dir DIR: generate and build in DIR and keep it (one run), for bench:delist --dir DIR after.
  const { values } = parseArgs({ options: { entries: { type: 'string', default: '1000' }, runs: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false }, 'next-day': { type: 'boolean', default: false }, batch: { type: 'string', default: '1000' }, dir: { type: 'string' } } });
  const entries = Number(values.entries);
  const kept = values.dir ? path.resolve(values.dir) : undefined;
  const runs = kept ? 1 : Number(values.runs);
  const dir = await syntheticContent(entries, kept);
  const reports: BuildReport[] = [];
  const nextDay: BuildReport[] = [];
  const sameDay: BuildReport[] = [];
  const batches: BuildReport[] = [];
  for (let run = 1; run <= runs; run++) {
    const out = path.join(dir, kept ? 'out' : `out-${run}`);
    const started = performance.now();
    const report = await buildSite({ content: path.join(dir, 'content'), out, today: DAY, strict: false, quiet: true });
    console.log(`run ${run}/${runs}: ${((performance.now() - started) / 1000).toFixed(1)} s total, ${report.counts.published} published`);
    reports.push(report);
    if (values['next-day']) {
      const again = performance.now();
      const next = await buildSite({ content: path.join(dir, 'content'), out, today: NEXT_DAY, strict: false, quiet: true });
      console.log(`run ${run}/${runs}, next day: ${((performance.now() - again) / 1000).toFixed(1)} s total (${next.mode}), ${next.counts.published} published, ${next.newEvents} change event(s), ${next.rendered} page(s) rendered again, ${next.applied} file(s) replaced`);
      nextDay.push(next);
      const same = performance.now();
      const current = await buildSite({ content: path.join(dir, 'content'), out, today: NEXT_DAY, strict: false, quiet: true });
      console.log(`run ${run}/${runs}, same day again, no change: ${((performance.now() - same) / 1000).toFixed(1)} s total (${current.mode})`);
      sameDay.push(current);
      const batchFile = path.join(dir, 'content', 'entries', 'bench-new-batch.jsonl');
      await writeFile(batchFile, newBatch(Number(values.batch)));
      const arrived = performance.now();
      const batch = await buildSite({ content: path.join(dir, 'content'), out, today: NEXT_DAY, strict: false, quiet: true });
      console.log(`run ${run}/${runs}, a new batch of ${values.batch}: ${((performance.now() - arrived) / 1000).toFixed(1)} s total (${batch.mode}), ${batch.newEvents} change event(s), ${batch.rendered} page(s) rendered, ${batch.applied} file(s) replaced`);
      batches.push(batch);
      await rm(batchFile);
    }
    if (!kept) await rm(out, { recursive: true, force: true });
  }
  printStages(`bench: ${entries} entries, ${runs} run(s), median wall time and peak memory per stage`, reports);
  if (nextDay.length) printStages(`next day, no content change (${NEXT_DAY}, same output folder):`, nextDay);
  if (sameDay.length) printStages(`same day again, no change:`, sameDay);
  if (batches.length) printStages(`a new batch of ${values.batch} entries that day:`, batches);
  if (!values.keep && !kept) await rm(dir, { recursive: true, force: true });
}
