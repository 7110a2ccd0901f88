// npm run bench -- --entries 10000 [--runs 3] [--next-day]
// Generates N synthetic entries in a temp folder, publishes them into a new output folder
// (read → plan → Astro → indexes → verify → apply) and prints wall time and peak memory of each
// stage; --next-day publishes again one day later and once more the same day (nothing to do).
import { cp, mkdir, mkdtemp, readdir, realpath, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { buildSite, type BuildReport } from '../build.ts';
import { writeSyntheticContent } from '../generate-sample.ts';
import { sampleEntries } from '../lib/sample/generate.ts';
import { median } from './median.ts';
import { againstTargets, type Publication } from './targets.ts';

/** The export pieces a publication kept, made, and let go past GONGSHI_PIECE_MEMORY_MB (PublishReport.pieces), for a bench's line. */
export function piecesSummary({ pieces }: BuildReport): string {
  if (!pieces) return '';
  return `; export pieces ${pieces.kept} kept, ${pieces.made} made${pieces.letGo ? `, ${pieces.letGo} let go (${pieces.letGoMb} MB) and read again ${pieces.reopened} times` : ', none let go'}`;
}

/** A publication's stages on one line: wall time, and this process's CPU time where the report has it, for a bench's line about one run. */
export function stagesSummary({ stages }: BuildReport): string {
  return stages.map((s) => `${s.stage} ${(s.ms / 1000).toFixed(1)}s${s.cpuMs === undefined ? '' : ` (cpu ${(s.cpuMs / 1000).toFixed(1)}s)`}`).join('  ');
}

/** The content files a publication read (PublishReport.reads): kept (of those, from this process's memory) and afresh, for a bench's line. */
export function readsSummary(report: BuildReport): string {
  const { reads } = report;
  if (!reads) return '';
  return `; content files read ${reads.kept} kept${reads.remembered ? ` (${reads.remembered} from memory)` : ''} + ${reads.afresh} afresh${report.entriesKept === undefined ? '' : `; entries kept from the last publication ${report.entriesKept}`}`;
}

/** Synthetic content for n entries in `dir` (created), or in a new temporary folder. */
export async function syntheticContent(n: number, dir?: string): Promise<string> {
  if (dir) await mkdir(dir, { recursive: true });
  else dir = await mkdtemp(path.join(os.tmpdir(), `gongshi-bench-${n}-`));
  const content = path.join(dir, 'content');
  const started = performance.now();
  await writeSyntheticContent(content, { entries: n, seed: 20181107 });
  // Printed because a generator that slows down is felt by every bench; it is not a test's business to time it.
  console.log(`synthetic content: ${n.toLocaleString('en')} entries written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await cp(new URL('../../content/measures/catalog.json', import.meta.url), path.join(content, 'measures', 'catalog.json'));
  await writeFile(path.join(content, 'site.json'), JSON.stringify({ city: '本溪市', sampleData: true }));
  return dir;
}


/** Median wall time and peak memory of each stage over the runs, and the median total beside its target (againstTargets). */
function printStages(title: string, reports: readonly BuildReport[], target = ''): void {
  console.log(`\n${title}${target}`);
  console.log('stage       wall (s)   peak RSS (MB)');
  for (const stage of reports[0]!.stages.map((s) => s.stage)) {
    const of = reports.map((r) => r.stages.find((s) => s.stage === stage)!);
    console.log(`${stage.padEnd(10)} ${(median(of.map((s) => s.ms)) / 1000).toFixed(1).padStart(9)}   ${Math.round(median(of.map((s) => s.maxRssMb))).toString().padStart(13)}`);
  }
  // Astro is its own process, started first: its time overlaps read, plan and render.
  console.log(`${'total'.padEnd(10)} ${(median(reports.map((r) => r.stages.filter((s) => s.stage !== 'astro').reduce((n, s) => n + s.ms, 0))) / 1000).toFixed(1).padStart(9)}   (astro runs beside read, plan and render)`);
}

/** Bytes under the output folder (a hard-linked file once, the live symlink not followed) and in the live release. */
async function folderSizes(out: string): Promise<{ all: number; served: number }> {
  const seen = new Set<number>();
  const sum = async (root: string) => {
    let bytes = 0;
    for (const item of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!item.isFile()) continue;
      const info = await stat(path.join(item.parentPath, item.name));
      if (seen.has(info.ino)) continue;
      seen.add(info.ino);
      bytes += info.size;
    }
    return bytes;
  };
  const served = await sum(await realpath(path.join(out, 'site')));
  return { served, all: served + (await sum(out)) };
}

/**
 * N entries the synthetic content does not have (ids `${prefix}-000000`…, case numbers from
 * `firstCase`), public from `publishedOn`: a new batch as a court sends one.
 */
export function newBatch(n: number, publishedOn: string, { prefix = 'nb', firstCase = 800_000, seed = 20261127 } = {}): string {
  return sampleEntries({ seed, total: n })
    .map((e, i) => JSON.stringify({ ...e, id: `${prefix}-${String(i).padStart(6, '0')}`, caseNumber: e.caseNumber.replace(/执\d+号$/, `执${firstCase + i}号`), publishedOn }))
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
  const sameDayCommand: number[] = [];
  const batches: BuildReport[] = [];
  let sizes: { all: number; served: number } | undefined;
  for (let run = 1; run <= runs; run++) {
    const out = path.join(dir, kept ? 'out' : `out-${run}`);
    const started = performance.now();
    const report = await buildSite({ content: path.join(dir, 'content'), out, today: DAY, strict: false, quiet: true, resident: true });
    console.log(`run ${run}/${runs}: ${((performance.now() - started) / 1000).toFixed(1)} s total, ${report.counts.published} published${piecesSummary(report)}`);
    reports.push(report);
    if (values['next-day']) {
      const again = performance.now();
      const next = await buildSite({ content: path.join(dir, 'content'), out, today: NEXT_DAY, strict: false, quiet: true, resident: true });
      console.log(`run ${run}/${runs}, next day: ${((performance.now() - again) / 1000).toFixed(1)} s total (${next.mode}), ${next.counts.published} published, ${next.newEvents} change event(s), ${next.rendered} page(s) rendered again, ${next.applied} file(s) replaced${piecesSummary(next)}`);
      nextDay.push(next);
      const same = performance.now();
      const current = await buildSite({ content: path.join(dir, 'content'), out, today: NEXT_DAY, strict: false, quiet: true, resident: true });
      console.log(`run ${run}/${runs}, same day again, no change: ${((performance.now() - same) / 1000).toFixed(1)} s total (${current.mode})`);
      sameDay.push(current);
      // As the operator meets it: the command, its Node start and module loading included.
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await promisify(execFile)(process.execPath, [...process.execArgv, path.join(import.meta.dirname, '..', 'build.ts'), '--content', path.join(dir, 'content'), '--out', out, '--today', NEXT_DAY], { maxBuffer: 64 << 20 });
        sameDayCommand.push(performance.now() - t0);
      }
      console.log(`run ${run}/${runs}, same day again as a command (npm run build): ${sameDayCommand.slice(-3).map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`);
      const batchFile = path.join(dir, 'content', 'entries', 'bench-new-batch.jsonl');
      await writeFile(batchFile, newBatch(Number(values.batch), NEXT_DAY));
      const arrived = performance.now();
      const batch = await buildSite({ content: path.join(dir, 'content'), out, today: NEXT_DAY, strict: false, quiet: true, resident: true });
      console.log(`run ${run}/${runs}, a new batch of ${values.batch}: ${((performance.now() - arrived) / 1000).toFixed(1)} s total (${batch.mode}), ${batch.newEvents} change event(s), ${batch.rendered} page(s) rendered, ${batch.applied} file(s) replaced${piecesSummary(batch)}`);
      batches.push(batch);
      // Kept with --dir: bench:delist then starts from exactly this list.
      if (!kept) await rm(batchFile);
    }
    if (run === runs) sizes = await folderSizes(out);
    if (!kept) await rm(out, { recursive: true, force: true });
  }
  const at = (publication: Publication) => againstTargets(publication, entries);
  printStages(`bench: ${entries} entries, ${runs} run(s), median wall time and peak memory per stage`, reports, at('first'));
  if (nextDay.length) printStages(`next day, no content change (${NEXT_DAY}, same output folder):`, nextDay, at('nextDay'));
  if (sameDay.length) printStages(`same day again, no change:`, sameDay, at('sameDay'));
  if (sameDayCommand.length) console.log(`same day again, no change, as a command (scripts/build.ts in a new process): median ${(median(sameDayCommand) / 1000).toFixed(2)} s of ${sameDayCommand.length}${at('sameDay')}`);
  if (batches.length) printStages(`a new batch of ${values.batch} entries that day:`, batches, values.batch === '1000' ? at('batch') : '');
  if (sizes) console.log(`\noutput folder ${(sizes.all / 2 ** 20).toFixed(0)} MB, of which the served release ${(sizes.served / 2 ** 20).toFixed(0)} MB: ${(sizes.all / sizes.served).toFixed(2)}× (target ≤ 1.3×)`);
  if (!values.keep && !kept) await rm(dir, { recursive: true, force: true });
}
