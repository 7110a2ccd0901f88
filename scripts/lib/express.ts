// Express delisting: when the only change is new decisions, take the decided entries down in
// seconds instead of rebuilding 100,000 pages. Used by `npm run delist` and by watch mode.
//
// A full build renders every page into a new release and switches a symlink. Copying a
// release of 100,000 entry pages takes ~10 s on this machine (hard links included), so this
// path patches the live release instead, file by file, each by an atomic rename:
//   1. the new state is the live build's state minus the decided entries (content/entries is
//      not read again: only content/decisions changed);
//   2. Astro renders only what a removal touches into a staging folder: the entries' notice
//      pages, their namesakes' pages, their courts' lists and every site-wide page and export;
//      the search index is patched (scripts/lib/search/index-build.ts: removeFromSearchIndex);
//   3. verify scans every staged file for a full ID number and the data of every entry that
//      must not be public, before anything is applied; a leak stops here and nothing changes;
//   4. staged files are renamed over the live ones — the search index and entry pages first,
//      so personal data leaves before the announcements arrive.
// Files outside the staging folder are the live build's, already verified, and showed the
// removed entries only on the pages re-rendered here. A removal is all this path does: any
// other change, a new day (every page shows the as-of date) or a failure falls back to a full
// build, which also compacts the search index. Killed mid-apply, each file is old or new and
// the next build repairs the rest; it can only have taken personal data down early.
import { mkdir, readdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { courtsOf, newChangeEvents, type BuildState } from './build-state.ts';
import { loadDecisions, publicTextsOf, sensitiveStrings, withoutPublicCollisions, type GoneEntry, type PublishedEntry, type SensitiveRecord } from './publish-state.ts';
import type { Problem } from './report.ts';
import { publicityOf } from './rules/publicity.ts';
import type { Entry } from './schema/entry.ts';
import { layoutOf, liveRelease, newStamp, readLedger, writeLedger } from './release.ts';
import { runStage } from './stage.ts';
import { removeFromSearchIndex } from './search/index-build.ts';
import { readIndexFile, SEARCH_INDEX_DIR, writeSearchIndex } from './search/index-files.ts';
import { formatLeak, publishedCreditCodes, verifyOutput } from './verify-output.ts';
import { writeDeploymentFiles } from './deployment-files.ts';
import { PAGE_SIZE } from '../../site/lib/state.ts';

export interface ExpressReport {
  removed: string[];
  stages: { stage: string; ms: number }[];
  files: number;
}

/** Why express delisting stepped aside for a full build (or null when it applied). */
export type ExpressOutcome = { applied: true; report: ExpressReport } | { applied: false; reason: string };

export async function expressDelist(options: { content: string; out: string; today: string; log?: (line: string) => void }): Promise<ExpressOutcome> {
  const log = options.log ?? (() => {});
  const layout = layoutOf(path.resolve(options.out));
  const stages: ExpressReport['stages'] = [];
  let mark = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    stages.push({ stage, ms: now - mark });
    mark = now;
  };

  const live = await liveRelease(layout);
  if (!live) return { applied: false, reason: '尚无上线版本' };
  const statePath = path.join(layout.work, live, 'state.json');
  const previous = JSON.parse(await readFile(statePath, 'utf8').catch(() => 'null')) as BuildState | null;
  if (!previous) return { applied: false, reason: '上线版本的状态文件不存在' };
  if (previous.asOf !== options.today) return { applied: false, reason: `日期已变（${previous.asOf} → ${options.today}），每页显示的截至日期需更新` };

  // 1. Decisions against the live entries. Any problem means a full build sorts it out.
  const problems: Problem[] = [];
  const known = new Set([...previous.entries.map((e) => e.id), ...previous.gone.map((g) => g.id)]);
  const { decisions, decisionRefs } = await loadDecisions(path.resolve(options.content), (id) => known.has(id), options.today, problems);
  if (problems.length) return { applied: false, reason: `决定文件有 ${problems.length} 个问题` };
  const removed: PublishedEntry[] = [];
  const notices: GoneEntry[] = [];
  const decisionById = new Map(decisions.map((d) => [d.id, d]));
  for (const entry of previous.entries) {
    const refs = decisionRefs.get(entry.id);
    if (!refs) continue;
    const publicity = publicityOf({ ...entry, disclose: true } as Entry, refs, options.today);
    if (publicity.status === 'published') continue;
    if (publicity.status !== 'decided') return { applied: false, reason: `记录 ${entry.id} 需暂缓公开而非撤下` };
    const d = decisionById.get(publicity.decisionId)!;
    removed.push(entry);
    notices.push({ id: entry.id, cause: 'decided', type: d.type, date: d.decidedOn, court: d.court, caseNumber: entry.caseNumber, decisionId: d.id, docNumber: d.docNumber, reason: d.reason });
  }
  if (removed.length === 0) return { applied: false, reason: '没有新撤下的记录' };
  const gone = new Set(removed.map((e) => e.id));
  const entries = previous.entries.filter((e) => !gone.has(e.id));
  const decided = new Set(notices.map((n) => n.decisionId));
  const state: BuildState = {
    ...previous,
    builtAt: new Date().toISOString(),
    entries,
    gone: [...previous.gone, ...notices].sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id)),
    decisions: [...previous.decisions, ...decisions.filter((d) => decided.has(d.id))],
    counts: { ...previous.counts, published: previous.counts.published - removed.length, decided: previous.counts.decided + removed.length },
    courts: courtsOf(entries),
  };
  const ledger = await readLedger(layout);
  state.changes = [...ledger, ...newChangeEvents(ledger, state, state.builtAt)];
  // The removed entries' data, minus what a published namesake shows anyway.
  const sensitive: SensitiveRecord[] = withoutPublicCollisions(
    removed.map((e) => ({ id: e.id, status: 'decided', strings: sensitiveStrings(e) })),
    publicTextsOf(entries, previous.measures),
  );
  const stamp = newStamp();
  const work = path.join(layout.work, `express-${stamp}`);
  const staging = path.join(work, 'staging');
  await mkdir(work, { recursive: true });
  const newStatePath = path.join(work, 'state.json');
  await writeFile(newStatePath, JSON.stringify(state));
  const names = new Set(removed.map((e) => e.name));
  const touchedCourts = new Set(removed.map((e) => e.court));
  const slugs = [...touchedCourts].map((name) => previous.courts.find((c) => c.name === name)!.slug);
  const onlyPath = path.join(work, 'only.json');
  await writeFile(onlyPath, JSON.stringify({ entries: [...gone, ...entries.filter((e) => names.has(e.name)).map((e) => e.id)], courts: slugs }));
  lap('decide');

  try {
    // 2. Render what the removal touches, and patch the search index.
    await runStage('astro', [], { GONGSHI_STATE: newStatePath, GONGSHI_ASTRO_OUT: staging, GONGSHI_ASTRO_CACHE: path.join(work, 'astro-cache'), GONGSHI_ONLY: onlyPath, GONGSHI_QUIET: '1' });
    await writeDeploymentFiles(staging, state);
    lap('astro');
    const liveDir = await realpath(layout.live);
    await writeSearchIndex(path.join(staging, SEARCH_INDEX_DIR), await removeFromSearchIndex(removed, readIndexFile(path.join(liveDir, SEARCH_INDEX_DIR))));
    lap('search');

    // 3. Verify the staged files before anything goes live.
    const { files, leaks } = await verifyOutput(staging, sensitive, publishedCreditCodes(state));
    if (leaks.length) {
      for (const leak of leaks.slice(0, 50)) console.error(formatLeak(leak, staging));
      throw new Error(`隐私检查未通过：${leaks.length} 处泄露。未应用，站点不变。`);
    }
    lap('verify');

    // 4. Apply: personal data leaves first; then lists, notices and exports.
    const staged = await listFiles(staging);
    const rank = (f: string) => (f.startsWith(`${SEARCH_INDEX_DIR}${path.sep}`) ? 0 : f.startsWith(`entry${path.sep}`) ? 1 : 2);
    staged.sort((a, b) => rank(a) - rank(b));
    for (const file of staged) {
      await mkdir(path.dirname(path.join(liveDir, file)), { recursive: true });
      await rename(path.join(staging, file), path.join(liveDir, file));
    }
    // A court list that lost its last page must not keep serving the old one.
    for (const slug of slugs) {
      const pages = Math.max(1, Math.ceil(state.courts.find((c) => c.slug === slug)!.count / PAGE_SIZE));
      for (const dir of await readdir(path.join(liveDir, 'list', slug)).catch(() => [] as string[])) {
        if (/^\d+$/.test(dir) && Number(dir) > pages) await rm(path.join(liveDir, 'list', slug, dir), { recursive: true, force: true });
      }
    }
    // The live build's state is now this one: the next express delisting starts from it.
    await rename(newStatePath, statePath);
    await writeLedger(layout, state.changes);
    lap('apply');
    log(`快速撤下 ${removed.map((e) => e.id).join('、')}：${stages.map((s) => `${s.stage} ${(s.ms / 1000).toFixed(1)}s`).join('  ')}；检查并替换 ${files} 个文件。`);
    return { applied: true, report: { removed: removed.map((e) => e.id), stages, files } };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function listFiles(root: string, dir = ''): Promise<string[]> {
  const out: string[] = [];
  for (const item of await readdir(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, item.name);
    if (item.isDirectory()) out.push(...(await listFiles(root, rel)));
    else out.push(rel);
  }
  return out;
}

/**
 * Publishes new decisions the fastest safe way: express delisting when it applies, otherwise
 * (or if it fails for any reason) a full build. Used by `npm run delist`, watch mode and the benchmark.
 */
export async function publishDecisions(options: { content: string; out: string; today: string; log?: (line: string) => void; quiet?: boolean }): Promise<{ mode: 'express' | 'full'; ms: number; reason?: string }> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  let reason: string;
  try {
    const outcome = await expressDelist(options);
    if (outcome.applied) return { mode: 'express', ms: performance.now() - started };
    reason = outcome.reason;
  } catch (error) {
    reason = `快速撤下失败：${(error as Error).message}`;
  }
  log(`改为完整构建（${reason}）。`);
  const { buildSite } = await import('../build.ts');
  await buildSite({ content: options.content, out: options.out, today: options.today, strict: false, quiet: options.quiet ?? true });
  return { mode: 'full', ms: performance.now() - started, reason };
}
