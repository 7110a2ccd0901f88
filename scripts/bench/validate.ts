// npm run bench:validate -- --rows 100000 --bad 10000 [--runs 3] [--profile] [--cache] [--content DIR]
// Times the validate stage alone (loadPublishState: read, parse, validate, decide, and the
// sensitive-string list verify uses) on synthetic content: rows − bad valid sample entries and
// `bad` malformed ones of every kind an operator produces. Prints the median over runs. With
// --profile, the first run is CPU-profiled and the heaviest functions are listed with their
// share of the run, so a hot spot shows by name. With --content, that folder is read instead
// (never written to).
// With --cache, each run loads three times: without the read cache, into an empty one (cold:
// every file read and kept) and again from it (warm: nothing changed); the cache lives in the
// OS temp folder. Prints the medians, warm/cold ratio and the cache's size, and checks that the
// warm load's result equals the uncached one. The warm load is also timed in a new process, as a
// publication starts: in-process memos (the comparable form of values, pinyin) are then empty,
// as they are for `npm run build` or a delisting.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { writeSyntheticContent } from '../generate-sample.ts';
import { generateEntries, type RawEntry } from '../lib/sample/generate.ts';
import { isDeepStrictEqual } from 'node:util';
import { loadPublishState } from '../lib/publish-state.ts';
import { ReadCache } from '../lib/read-cache.ts';
import { median } from './median.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    bad: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    cache: { type: 'boolean', default: false },
    content: { type: 'string' },
    /** Internal (--cache): one warm load from this read-cache folder, timed, as JSON on stdout. */
    'warm-in': { type: 'string' },
  },
});
const rows = Number(values.rows);
const bad = Number(values.bad);
const runs = Number(values.runs);
if (![rows, bad, runs].every(Number.isInteger) || bad > rows || runs < 1) {
  console.error('用法: npm run bench:validate -- --rows 100000 --bad 10000 [--runs 3] [--profile] [--cache] [--content DIR]');
  process.exit(2);
}
const SEED = 20181107;
const AS_OF = '2026-11-26';

/** One mistake per row, in rotation: the kinds court exports and hurried operators make. */
const MISTAKES: ((row: Record<string, unknown>) => void)[] = [
  (row) => (row.idNumber = typeof row.idNumber === 'string' ? row.idNumber.slice(0, 17) + (row.idNumber[17] === '0' ? '1' : '0') : 'x'),
  (row) => (row.publishedOn = '2025-02-30'),
  (row) => (row.court = ''),
  (row) => (row.behaviours = [7]),
  (row) => (row.name = `${String(row.name)}\u0000`),
  (row) => (row.name = '张'.repeat(500)),
  (row) => (row.caseNumber = '第123号'),
  (row) => (row.disclose = '也许'),
  (row) => (row.kind = 'robot'),
  (row) => (row.obligation = '\u001B[31m' + String(row.obligation)),
];

async function content(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `gongshi-bench-validate-${rows}-`));
  const contentDir = path.join(dir, 'content');
  await writeSyntheticContent(contentDir, { entries: rows - bad, seed: SEED });
  const malformed = generateEntries({ seed: SEED + 1, count: bad, startId: rows * 10 }).map((entry: RawEntry, i) => {
    const row = { ...entry } as Record<string, unknown>;
    MISTAKES[i % MISTAKES.length]!(row);
    return JSON.stringify(row);
  });
  await writeFile(path.join(contentDir, 'entries', 'bench-malformed.jsonl'), malformed.join('\n') + '\n');
  await cp(new URL('../../content/measures/catalog.json', import.meta.url), path.join(contentDir, 'measures', 'catalog.json'));
  await writeFile(path.join(contentDir, 'site.json'), JSON.stringify({ city: '本溪市', sampleData: true }));
  return dir;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Inclusive share of the profile per function (a sample counts once per function on its stack). */
function heaviest(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, top = 8): string[] {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const time = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((sample, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
      if (!url.includes('/scripts/')) continue;
      const key = `${functionName || '(anonymous)'} ${path.relative(process.cwd(), new URL(url).pathname)}:${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      time.set(key, (time.get(key) ?? 0) + dt);
    }
  });
  return [...time]
    .filter(([key]) => !key.startsWith('(anonymous) scripts/bench/'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => `${((100 * us) / total).toFixed(0).padStart(4)} %  ${(us / 1e6).toFixed(1).padStart(6)} s  ${key}`);
}


const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** CPU time (user + system) since `since`, in ms. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

/** --warm-in (in the child): one load from the kept reads. */
async function warmIn(contentDir: string, cacheDir: string): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const cache = new ReadCache(cacheDir);
  await loadPublishState(contentDir, AS_OF, undefined, [], {}, { readCache: cache });
  console.log(JSON.stringify({ ms: performance.now() - started, cpuMs: cpuMs(cpu), hits: cache.stats.hits, misses: cache.stats.misses }));
}

/** A warm load in a new process: what a publication that starts from the kept reads spends. */
async function warmInNewProcess(contentDir: string, cacheDir: string): Promise<{ ms: number; cpuMs: number; hits: number; misses: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(import.meta.url), '--content', contentDir, '--warm-in', cacheDir], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { ms: number; cpuMs: number; hits: number; misses: number };
}

/** --cache: uncached, cold and warm loads of the same content; the medians and their ratio. */
async function benchCache(contentDir: string): Promise<void> {
  // CPU time beside wall time: on a shared machine it moves far less with the other processes' load.
  const times = { uncached: [] as number[], cold: [] as number[], warm: [] as number[], readers: [] as number[], warmRead: [] as number[], uncachedCpu: [] as number[], warmCpu: [] as number[], fresh: [] as number[], freshCpu: [] as number[] };
  let bytes = 0;
  for (let run = 1; run <= runs; run++) {
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-bench-read-cache-'));
    try {
      let started = performance.now();
      let cpu = process.cpuUsage();
      const uncached = await loadPublishState(contentDir, AS_OF);
      times.uncached.push(performance.now() - started);
      times.uncachedCpu.push(cpuMs(cpu));
      started = performance.now();
      const cold = new ReadCache(cacheDir);
      await loadPublishState(contentDir, AS_OF, undefined, [], {}, { readCache: cold });
      times.cold.push(performance.now() - started);
      started = performance.now();
      cpu = process.cpuUsage();
      const warmCache = new ReadCache(cacheDir);
      const warm = await loadPublishState(contentDir, AS_OF, undefined, [], {}, { readCache: warmCache });
      times.warm.push(performance.now() - started);
      times.warmCpu.push(cpuMs(cpu));
      times.readers.push(cold.stats.readerMs);
      times.warmRead.push(warmCache.stats.ms);
      const names = await readdir(cacheDir);
      bytes = (await Promise.all(names.map(async (n) => (await stat(path.join(cacheDir, n))).size))).reduce((a, b) => a + b, 0);
      const fresh = await warmInNewProcess(contentDir, cacheDir);
      times.fresh.push(fresh.ms);
      times.freshCpu.push(fresh.cpuMs);
      const same = isDeepStrictEqual(uncached, warm);
      console.log(`run ${run}/${runs}: uncached ${seconds(times.uncached.at(-1)!)}, cold ${seconds(times.cold.at(-1)!)} (${cold.stats.misses} files read in ${seconds(cold.stats.readerMs)}), warm ${seconds(times.warm.at(-1)!)} (${warmCache.stats.hits} kept, ${warmCache.stats.misses} read, in ${seconds(warmCache.stats.ms)}), warm in a new process ${seconds(fresh.ms)} (CPU ${seconds(fresh.cpuMs)}, ${fresh.hits} kept, ${fresh.misses} read); warm result ${same ? 'equals' : 'DIFFERS FROM'} uncached; RSS ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`);
      if (!same) process.exitCode = 1;
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  }
  const m = { uncached: median(times.uncached), cold: median(times.cold), warm: median(times.warm), readers: median(times.readers), warmRead: median(times.warmRead), uncachedCpu: median(times.uncachedCpu), warmCpu: median(times.warmCpu), fresh: median(times.fresh), freshCpu: median(times.freshCpu) };
  console.log(`\nbench:validate --cache, median of ${runs}:`);
  console.log(`  whole load: uncached ${seconds(m.uncached)}, cold ${seconds(m.cold)}, warm ${seconds(m.warm)}; warm/uncached ${(m.warm / m.uncached).toFixed(2)} (CPU time: uncached ${seconds(m.uncachedCpu)}, warm ${seconds(m.warmCpu)}, ratio ${(m.warmCpu / m.uncachedCpu).toFixed(2)})`);
  console.log(`  warm in a new process (as a publication starts): ${seconds(m.fresh)} (CPU ${seconds(m.freshCpu)})`);
  console.log(`  reading the files (parse + per-record validation): ${seconds(m.readers)} read afresh, ${seconds(m.warmRead)} from the cache; ratio ${(m.warmRead / m.readers).toFixed(3)}`);
  console.log(`  the rest (per run, cross-file and date-dependent): ${seconds(m.warm - m.warmRead)}; cache ${(bytes / 1024 / 1024).toFixed(1)} MB`);
}

/** The content read: --content as given (never written to), or synthetic content made here. */
const given = values.content === undefined ? undefined : path.resolve(values.content);
const dir = given === undefined ? await content() : undefined;
const contentDir = given ?? path.join(dir!, 'content');

async function benchPlain(): Promise<void> {
  const times: number[] = [];
  let profileLines: string[] = [];
  for (let run = 1; run <= runs; run++) {
    const session = values.profile && run === 1 ? new Session() : null;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const started = performance.now();
    const { state, problems } = await loadPublishState(contentDir, AS_OF);
    const ms = performance.now() - started;
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      profileLines = heaviest(profile as unknown as Parameters<typeof heaviest>[0]);
      session.disconnect();
    }
    times.push(ms);
    const { received, published, withheld, expired, decided } = state.counts;
    console.log(`run ${run}/${runs}: ${(ms / 1000).toFixed(1)} s — received ${received} = published ${published} + withheld ${withheld} + expired ${expired} + decided ${decided}; ${problems.length} problems; RSS ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`);
  }
  console.log(`\nbench:validate: ${given ?? `${rows} rows (${bad} malformed)`}, median of ${runs} run(s): ${(median(times) / 1000).toFixed(1)} s (target ≤ 15 s)`);
  if (profileLines.length) console.log(`\nrun 1, inclusive CPU time per function (scripts/ only):\n${profileLines.join('\n')}`);
}

try {
  if (values['warm-in'] !== undefined) await warmIn(contentDir, values['warm-in']);
  else if (values.cache) await benchCache(contentDir);
  else await benchPlain();
} finally {
  if (dir !== undefined && !values.keep) await rm(dir, { recursive: true, force: true });
  else if (dir !== undefined) console.log(`content kept in ${dir}`);
}
