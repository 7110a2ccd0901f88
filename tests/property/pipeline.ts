// One generated scenario through the real pipeline: 1–3 full builds (buildSite, as
// `npm run build` runs it) into one output folder, content and date changing between them, each
// judged by the oracle. Also the pure-level check of loadPublishState on the same content.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { buildSite } from '../../scripts/build.ts';
import { loadPublishState } from '../../scripts/lib/publish-state.ts';
import { advanceHistory, checkRelease, emptyHistory, expectationsAt, liveStamp, scanFolder, scanLog } from './oracle.ts';
import { materialise, scenarioArb, visible, type Facts, type Scenario, type ScenarioOptions } from './scenario.ts';

export async function writeContent(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const sub of ['entries', 'decisions', 'cases', 'measures']) await mkdir(path.join(dir, sub), { recursive: true });
  for (const [name, text] of files) await writeFile(path.join(dir, name), text);
}

/** Runs `work` with console output kept in `lines` (the build prints every problem it finds, even when quiet). */
async function captured<T>(lines: string[], work: () => Promise<T>): Promise<T> {
  const { log, error, warn } = console;
  const keep = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  Object.assign(console, { log: keep, error: keep, warn: keep });
  try {
    return await work();
  } finally {
    Object.assign(console, { log, error, warn });
  }
}

export interface PipelineRun {
  root: string;
  violations: string[];
  ms: number;
}

/** Builds every step of `scenario` under a fresh folder: content-<k>/ for build k, out/ shared. */
export async function runPipeline(scenario: Scenario): Promise<PipelineRun> {
  const started = performance.now();
  const f = materialise(scenario);
  const root = await mkdtemp(path.join(os.tmpdir(), 'gongshi-fuzz-'));
  const out = path.join(root, 'out');
  const history = emptyHistory();
  const violations: string[] = [];
  for (let step = 0; step < f.dates.length; step++) {
    const content = path.join(root, `content-${step}`);
    await writeContent(content, f.contents[step]!);
    const exp = expectationsAt(f, step, history);
    const tag = `[build ${step + 1}/${f.dates.length}, --today ${exp.date}, content-${step}]`;
    const lines: string[] = [];
    let failure: unknown = null;
    try {
      await captured(lines, () => buildSite({ content, out, today: exp.date, strict: false, quiet: true }));
    } catch (error) {
      failure = error;
    }
    await writeFile(path.join(root, `build-${step}.log`), `${lines.join('\n')}\n${failure ? `FAILED: ${String((failure as Error).stack ?? failure)}\n` : ''}`);
    const found: string[] = [];
    if (failure) {
      if (!exp.mayFail) found.push(`the build failed: ${(failure as Error).message}`);
      if ((await liveStamp(out)) !== history.liveStamp) found.push('a failed build changed the live release');
      const ledger = await readFile(path.join(out, 'ledger/changes.jsonl'), 'utf8').catch(() => '');
      if (ledger !== history.ledger) found.push('a failed build changed the ledger');
      // What was hidden on the live site and still is must not be anywhere, failed build or not.
      const stillHidden = new Map([...exp.hidden].filter(([i]) => !history.lastHidden || history.lastHidden.has(i)));
      found.push(...(await scanFolder(out, f, stillHidden)));
    } else {
      const { violations: release, ledger } = await checkRelease(out, f, exp, history);
      found.push(...release, ...(await scanFolder(out, f, exp.hidden)));
      advanceHistory(f, exp, history, ledger, await liveStamp(out));
    }
    // What the operator's terminal showed is an output too.
    found.push(...scanLog(lines.join('\n'), f, exp.hidden));
    violations.push(...found.slice(0, 40).map((v) => `${tag} ${v}`));
    if (found.length > 40) violations.push(`${tag} … and ${found.length - 40} more`);
  }
  return { root, violations, ms: performance.now() - started };
}

/** Where the scenario's records stand, for a person reading a counterexample. */
export function describe(scenario: Scenario, f: Facts = materialise(scenario)): string {
  const lines = [`builds on ${f.dates.join(', ')}`];
  for (const e of f.entries) lines.push(`  ${e.id.padEnd(6)} ${e.status.padEnd(12)} ${e.party.kind} ${e.party.name} publishedOn ${e.publishedOn}${e.listingEndsOn ? ` ends ${e.listingEndsOn}` : ''}${e.birth ? ` born ${e.birth}` : ''}${e.ageColumn !== undefined ? ` age ${e.ageColumn}` : ''} in ${e.file}${e.alwaysHidden ? ` — ${e.alwaysHidden}` : ''}`);
  for (const d of f.decisionFiles) lines.push(`  ${d.file}: arrives at build ${d.arrives + 1}${d.badRow ? ', one unreadable row' : ''}${d.fate ? `, ${d.fate.action}d at build ${d.fate.step + 1}` : ''}`);
  for (const d of f.decisions) lines.push(`  ${d.id} in ${d.file} names ${visible(d.entryId)} (${d.validity}, decided ${d.decidedOn})`);
  for (const m of f.mentions) lines.push(`  ${f.entries[m.victim]!.id}'s ${m.what} written (${m.transform}) into ${m.where}`);
  return lines.join('\n');
}

/** Keeps the folder of the latest (smallest, once shrunk) failing run, deletes every other. */
export class Keeper {
  kept: string | null = null;
  async failed(run: PipelineRun, scenario: Scenario): Promise<void> {
    await writeFile(path.join(run.root, 'scenario.json'), JSON.stringify(scenario, null, 2));
    await writeFile(path.join(run.root, 'violations.txt'), `${describe(scenario)}\n\n${run.violations.join('\n')}\n`);
    if (this.kept && this.kept !== run.root) await rm(this.kept, { recursive: true, force: true });
    this.kept = run.root;
  }
}

export function pipelineProperty(keeper: Keeper, options?: ScenarioOptions) {
  return fc.asyncProperty(scenarioArb(options), async (scenario) => {
    const run = await runPipeline(scenario);
    if (run.violations.length === 0) {
      await rm(run.root, { recursive: true, force: true });
      return;
    }
    await keeper.failed(run, scenario);
    throw new Error(`${run.violations.length} violation(s); content, output and logs kept in ${run.root}\n${describe(scenario)}\n${run.violations.join('\n')}`);
  });
}

// ------------------------------------------------------------------ pure level

/**
 * The publication rules at the source: loadPublishState on the first build's content, no
 * Astro. Hidden records are not in state.entries, publishable ones are, counts add up.
 */
export async function checkPublishState(scenario: Scenario): Promise<string[]> {
  const f = materialise(scenario);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-prop-'));
  try {
    await writeContent(dir, f.contents[0]!);
    const exp = expectationsAt(f, 0, emptyHistory());
    let state;
    try {
      state = (await loadPublishState(dir, exp.date)).state;
    } catch (error) {
      return exp.mayFail ? [] : [`loadPublishState threw: ${(error as Error).message}`];
    }
    const v: string[] = [];
    const published = new Set(state.entries.map((e) => e.id));
    for (const e of f.entries) {
      const why = exp.hidden.get(e.index);
      if (why && published.has(e.id)) v.push(`${e.id} is published but must be hidden: ${why}`);
      if (exp.published.has(e.index) && !published.has(e.id)) v.push(`${e.id} (${e.file}, ${e.status}) is a valid, adult, disclosed, current, undecided record but is not published`);
    }
    const counts = state.counts as unknown as Record<string, number>;
    const sum = Object.entries(counts).filter(([k, n]) => k !== 'received' && typeof n === 'number').reduce((a, [, n]) => a + n, 0);
    if (sum !== counts.received) v.push(`counts do not add up: ${JSON.stringify(counts)}`);
    if (counts.published !== state.entries.length) v.push(`counts.published ${counts.published} but ${state.entries.length} entries`);
    return v;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function publishStateProperty(options?: ScenarioOptions) {
  return fc.asyncProperty(scenarioArb({ minBuilds: 1, maxBuilds: 1, ...options }), async (scenario) => {
    const violations = await checkPublishState(scenario);
    if (violations.length) throw new Error(`${describe(scenario)}\n${violations.join('\n')}`);
  });
}
