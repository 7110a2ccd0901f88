// npm run bench:validate -- --rows 100000 --bad 10000 [--runs 3] [--profile]
// Times the validate stage alone (loadPublishState: read, parse, validate, decide, and the
// sensitive-string list verify uses) on synthetic content: rows − bad valid sample entries and
// `bad` malformed ones of every kind an operator produces. Prints the median over runs. With
// --profile, the first run is CPU-profiled and the heaviest functions are listed with their
// share of the run, so a hot spot shows by name.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeSyntheticContent } from '../generate-sample.ts';
import { generateEntries, type RawEntry } from '../lib/sample/generate.ts';
import { loadPublishState } from '../lib/publish-state.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    bad: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const bad = Number(values.bad);
const runs = Number(values.runs);
if (![rows, bad, runs].every(Number.isInteger) || bad > rows || runs < 1) {
  console.error('用法: npm run bench:validate -- --rows 100000 --bad 10000 [--runs 3] [--profile]');
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

const dir = await content();
const times: number[] = [];
let profileLines: string[] = [];
try {
  for (let run = 1; run <= runs; run++) {
    const session = values.profile && run === 1 ? new Session() : null;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const started = performance.now();
    const { state, problems } = await loadPublishState(path.join(dir, 'content'), AS_OF);
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
  console.log(`\nbench:validate: ${rows} rows (${bad} malformed), median of ${runs} run(s): ${(median(times) / 1000).toFixed(1)} s (target ≤ 15 s)`);
  if (profileLines.length) console.log(`\nrun 1, inclusive CPU time per function (scripts/ only):\n${profileLines.join('\n')}`);
} finally {
  if (!values.keep) await rm(dir, { recursive: true, force: true });
  else console.log(`content kept in ${dir}`);
}
