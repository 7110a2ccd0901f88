// The one publishing pipeline: read → decide → diff → plan → render and write → verify → apply.
// A first build, a new batch, a new day, a delisting: each is this path, and a "full build"
// is the case where everything is dirty.
//
//   1. Read and decide: content/ into the published state (publish-state.ts; the legal rules);
//      each file's parse and validation is kept by its content hash (read-cache.ts).
//   2. Diff and plan: every page declares what each of its outputs reads (pages.ts); those keys
//      are compared with the ones the live release was rendered from (plan.ts). Astro, started
//      first so that Vite compiles meanwhile, renders only the planned outputs and the few
//      site-wide pages; meanwhile this process writes the exports from pieces (exports.ts).
//   3. Then the data files, the search index and the full-text index, into the same staging
//      folder; in a patch, files whose bytes equal the live ones are dropped from it.
//   4. Verify: every staged file, for full ID numbers and every non-public party's data.
//   5. Apply: the change feed first (written ahead), then either
//      - release: the staging folder becomes a new release and the `site` symlink switches to it
//        (nothing is live yet, the code that renders pages changed, or most outputs are dirty);
//      - patch: each staged file is renamed over the live one (search index and entry pages
//        first, so personal data leaves before the announcements), outputs that no longer exist
//        are deleted. While this runs the live release's keys are withdrawn: a run killed
//        mid-apply leaves a site of verified files, and the next run renders everything.
//      - current: nothing changed since the live release; nothing is written.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPublishState } from './publish-state.ts';
import { READ_CACHE_FOLDER, ReadCache, residentReadCache } from './read-cache.ts';
import { importsOf, readerCodeVersion, rendererFiles } from './code-sources.ts';
import { lockedClosure, packageOf } from './locked-packages.ts';
import { departuresOf, deriveBuildState, newChangeEvents, withSources, withVersions, type BuildState } from './build-state.ts';
import { ASSEMBLED_FILES, EXPORT_FILES, exportPieceCache, writeExports } from './exports.ts';
import { holdLimitOf, keyOf } from './pieces.ts';
import { decisionDelays, formatDecisionDelay, printProblems, terminalSafe, UnreadableDecisionsError, type DecisionDelay } from './report.ts';
import { layoutOf, liveRelease, newStamp, PINYIN_FILE, pruneReleases, readBatchReceipts, readEntrySources, readLedgerKept, recordBatchReceipts, switchLive, withPublishLock, writeEntrySources, appendLedger } from './release.ts';
import { PinyinMemo } from './pinyin.ts';
import { runStage, StageError } from './stage.ts';
import type { AstroStageResult } from './kept-renderer.ts';
import { indexDiff, noticeRefOf, searchIndexFiles, updateSearchIndex } from './search/index-build.ts';
import { readIndexFile, SEARCH_INDEX_DIR, writeSearchIndex } from './search/index-files.ts';
import { writeDeploymentFiles } from './deployment-files.ts';
import { writeFreshness } from './freshness.ts';
import { isPrecompressedCopy, replaceWithPrecompressed } from './precompress.ts';
import { formatLeak, publicNumbers, refreshVerdictsAhead, verifyOutput, type AheadResult } from './verify-output.ts';
import { failpoint, fault } from './failpoint.ts';
import { refusal, type Refusal, type RefusalCode } from './refusals.ts';
import { FULLTEXT_ENTRY, FullTextError, rebuildFullText, removeStaleFullText, writeReleaseFullText } from './fulltext.ts';
import { INDEX_FORMAT, isWithdrawnDataFile, otherDataFormat, writeOpenData } from './open-data.ts';
import { publicPart, signingKeyFor, SigningKeyError } from './signing.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { filesUnder } from './walk.ts';
import { outputKeysReusing, type KeptUnits } from './partition.ts';
import { plannedOutputs, planOutputs, type PlanFile } from './plan.ts';
import { changedEntries, readStateHead, stageState, STATE_DIR } from './state-files.ts';
import { codeVersion, INPUTS_FILE, inputsHash, readRecordedInputs, type RecordedInputs } from './inputs.ts';
import { SITE_URL } from './site-url.ts';
import { forgetEntryTexts, internEntries, type KeptEntries } from './json-text.ts';

export interface PublishOptions {
  content: string;
  out: string;
  today: string;
  strict: boolean;
  quiet?: boolean;
  /** Render everything into a new release, whatever changed (`npm run build -- --full`). */
  full?: boolean;
  /** This process publishes again (watch mode, a bench's runs): the content files' reads are kept in memory for its next publication (read-cache.ts residentReadCache). */
  resident?: boolean;
}

/** release: a new release went live; patch: changed files replaced the live ones; current: nothing to do. */
export type PublishMode = 'release' | 'patch' | 'current';

export interface PublishReport {
  ok: boolean;
  mode: PublishMode;
  /** Why not a patch, when it was a release. */
  why?: Refusal;
  stamp: string;
  counts: BuildState['counts'];
  /** `cpuMs`: this process's CPU time in the stage (all its threads); on a shared machine the wall time says less. */
  stages: { stage: string; ms: number; maxRssMb: number; cpuMs?: number }[];
  newEvents: number;
  problems: number;
  /** Declared outputs rendered, and files put in place (with their compressed copies) or deleted. */
  rendered: number;
  /** How Astro rendered: with the renderer kept from the last full build (a patch whose renderer is unchanged), or by building it. */
  renderedWith?: AstroStageResult['renderer'];
  /** How many processes rendered the paths of a full build (0: Astro's alone; kept-renderer.ts). */
  renderShares?: number;
  /** In a patch, the declared outputs rendered again (pages.ts outputFile), in the order declared. */
  planned: string[];
  applied: number;
  removed: number;
  leaks: number;
  lateDecisions: DecisionDelay[];
  /** The export pieces: kept and made anew, and of those kept, how many were let go past the memory limit (PieceCache.hold) and how often one was read again. */
  pieces?: { kept: number; made: number; letGo: number; letGoMb: number; reopened: number };
  /** Content files whose read was kept from an earlier publication (of those, `remembered` in this process's memory), and those read afresh (read-cache.ts), when the run read content. */
  reads?: { kept: number; remembered: number; afresh: number };
  /** A resident publisher's entries that were the very objects it published last time (json-text.ts internEntries). */
  entriesKept?: number;
  /** The privacy check's head start on the kept export pieces (verify-output.ts refreshVerdictsAhead), when the run got that far. */
  verifyAhead?: AheadResult;
  /** performance.now() when the new version was live and verified (before the clean-up). */
  liveAt: number;
}

/** A publication that does not go live: `code` names the refusal (refusals.ts) where it is one of ours. */
export class BuildFailure extends Error {
  readonly code?: RefusalCode;
  constructor(reason: string | Refusal) {
    super(typeof reason === 'string' ? reason : reason.message);
    if (typeof reason !== 'string') this.code = reason.code;
  }
}

/** Beside the live release's state (state-files.ts): what it was rendered from, for the next plan. */
export const OUTPUTS_FILE = 'outputs.json';

interface LiveOutputs {
  /** The code that renders pages (rendererVersion). */
  renderer: string;
  /** The code that makes the search index's tokens (readerCodeVersion of SEARCH_INDEXER): another one cannot patch it. */
  indexer?: string;
  /** The published state, its build time aside: equal, with equal code, means nothing to publish. */
  content: string;
  /** The code that publishes (inputs.ts codeVersion): what writes the exports, the data files, the index. */
  code?: string;
  /** The first layout of the keys by output file (still read): an object keyed by 100,000 files parses slowly. */
  keys?: Record<string, string>;
  /** Each output file, and its key at the same place in `fileKeys`. */
  files?: string[];
  fileKeys?: string[];
  /** By court and month, what its outputs' keys were made from (partition.ts outputKeysReusing). */
  units?: KeptUnits;
  /** What each whole-list export was assembled from (exports.ts compositionOf): one made of the same pieces is not written again. */
  exports?: Record<string, string>;
}

/**
 * What a resident publisher keeps for its next publication to one output folder (another
 * folder's is let go): the entries it published (internEntries), and the names' pinyin, which
 * depends on nothing but the name (a one-off publication reads it from the live release's
 * pinyin.json: 2 MB of JSON parsed into a map of 100,000 names at 100,000 entries).
 */
let kept: { out: string; entries: KeptEntries; pinyin?: PinyinMemo } | undefined;
function residentOf(out: string): NonNullable<typeof kept> {
  if (kept?.out !== out) kept = { out, entries: new Map() };
  return kept;
}

/** Publishes; waits while another publication to the same folder runs. */
export function publish(options: PublishOptions): Promise<PublishReport> {
  const waiting = (pid: number) => options.quiet || console.log(`另一个发布（进程 ${pid}）正在进行，等待其完成…`);
  return withPublishLock(layoutOf(path.resolve(options.out)), () => run(options), waiting);
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The search index's builder; its imports (the tokens, pinyin-pro) are followed. */
export const SEARCH_INDEXER = path.join(ROOT, 'scripts', 'lib', 'search', 'index-build.ts');
/** What makes the outputs' keys; its imports (pages.ts and what the declarations use) are followed. */
export const OUTPUT_KEYS = path.join(ROOT, 'scripts', 'lib', 'partition.ts');

/**
 * A hash of everything that decides how a page looks given its data: every file under site/,
 * the library modules they import at run time (followed through their imports, as the read
 * cache follows the readers'), Astro's configuration, the packages all of these import with
 * everything those depend on as locked (locked-packages.ts: not the whole lock file, whose
 * test and benchmark tools render nothing), and Node's version. A change makes every output
 * dirty (a release), since no key of what a page reads can say that its template changed; a
 * change to the pipeline alone (this file, verify, the readers) does not.
 */
export async function rendererVersion(): Promise<string> {
  // Each file read once: this is on every publication's way, delistings included.
  const sources = await rendererFiles();
  const hash = createHash('sha256').update(`node ${process.version}\n`);
  const lockText = await readFile(path.join(ROOT, 'package-lock.json'), 'utf8');
  const locked = lockedClosure(JSON.parse(lockText), ['astro', ...packagesIn(sources)]);
  hash.update(locked ? locked.join('\n') : lockText).update('\0');
  for (const [file, bytes] of sources) hash.update(path.relative(ROOT, file)).update('\0').update(bytes).update('\0');
  return hash.digest('base64url');
}

/** The packages that `sources` (file → bytes) import, from scripts and from style sheets (`@import "tailwindcss"`). */
export function packagesIn(sources: ReadonlyMap<string, Buffer>): string[] {
  const names = new Set<string>();
  for (const [file, bytes] of sources) {
    const source = bytes.toString('utf8');
    const specifiers = file.endsWith('.css') ? [...source.matchAll(/@(?:import|plugin)\s+["']([^"']+)["']/g)].map((m) => m[1]!) : importsOf(source);
    for (const specifier of specifiers) {
      if (!specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('node:')) names.add(packageOf(specifier));
    }
  }
  return [...names].sort();
}

/**
 * The live release's key of each output file. Files that are not all strings (a damaged list)
 * give no keys, so every output is planned and a release made.
 */
function liveKeysOf(live: LiveOutputs | null): Map<string, unknown> {
  if (!live) return new Map();
  const { files, fileKeys } = live;
  if (Array.isArray(files) || Array.isArray(fileKeys)) {
    const keys = new Map<string, unknown>();
    if (!Array.isArray(files) || !Array.isArray(fileKeys) || files.length !== fileKeys.length) return keys;
    for (let i = 0; i < files.length; i++) {
      if (typeof files[i] !== 'string') return new Map();
      keys.set(files[i]!, fileKeys[i]);
    }
    return keys;
  }
  return new Map(Object.entries(live.keys ?? {}));
}

/** The files of `compositions` that `dir` holds: one missing from the live release is written again. */
async function presentIn(dir: string, compositions: Record<string, string>): Promise<Record<string, string>> {
  const present: Record<string, string> = {};
  for (const [file, composition] of Object.entries(compositions)) if (await exists(path.join(dir, file))) present[file] = composition;
  return present;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function readsOf({ stats }: ReadCache): PublishReport['reads'] {
  return { kept: stats.hits, remembered: stats.remembered, afresh: stats.misses };
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

async function run(options: PublishOptions): Promise<PublishReport> {
  const log = options.quiet ? () => {} : (line: string) => console.log(line);
  const layout = layoutOf(path.resolve(options.out));
  const stamp = newStamp();
  const stages: PublishReport['stages'] = [];
  let mark = performance.now();
  let cpuMark = process.cpuUsage();
  const lap = (stage: string) => {
    const now = performance.now();
    const cpu = process.cpuUsage(cpuMark);
    stages.push({ stage, ms: now - mark, maxRssMb: process.resourceUsage().maxRSS / 1024, cpuMs: (cpu.user + cpu.system) / 1000 });
    mark = now;
    cpuMark = process.cpuUsage();
  };
  const work = path.join(layout.work, stamp);
  const staging = path.join(work, 'pages');
  const exportsDir = path.join(work, 'exports');
  // The search index is written here while Astro renders, and moved into staging after it.
  const searchDir = path.join(work, 'search-index');
  const report = (mode: PublishMode, counts: BuildState['counts'], extra: Partial<PublishReport>): PublishReport => ({
    ok: true, mode, stamp, counts, stages, newEvents: 0, problems: 0, rendered: 0, planned: [], applied: 0, removed: 0, leaks: 0, lateDecisions: [], liveAt: performance.now(), ...extra,
  });
  const contentDir = path.resolve(options.content);

  // 0. The inputs the live release was published from, and that publication left behind:
  // the same inputs again have nothing to publish (inputs.ts).
  const liveStamp = await liveRelease(layout);
  const liveWork = liveStamp ? path.join(layout.work, liveStamp) : null;
  const signing = await signingKeyFor(layout.out).catch((error: unknown) => {
    throw error instanceof SigningKeyError ? new BuildFailure(error) : error;
  });
  // Before anything of content/ is read: what changes after this is not taken for published.
  const inputs = await inputsHash({ content: contentDir, today: options.today, ledgerDir: path.dirname(layout.ledger), signingKey: signing.fingerprint, siteUrl: SITE_URL });
  const recorded = liveWork && !options.full ? await readRecordedInputs(path.join(liveWork, INPUTS_FILE)) : null;
  if (recorded && !(options.strict && recorded.problems) && recorded.inputs === (await inputs.now())) {
    lap('read');
    await pruneReleases(layout);
    log(`\n名单 ${options.today}：与上线版本发布时的输入（内容、日期、变更记录、代码）完全相同：无需发布。`);
    if (recorded.problems) log(`内容中有 ${recorded.problems} 个问题，清单见 ${path.relative(process.cwd(), path.join(liveWork!, 'problems.txt'))}。`);
    return report('current', recorded.counts, { stamp: liveStamp!, problems: recorded.problems });
  }
  // What the next run compares with: written once this run has published (or found nothing to).
  const recordInputsHash = async (folder: string, counts: BuildState['counts'], problems: number) => {
    // With the change feed as this run left it.
    const record: RecordedInputs = { inputs: await inputs.now(), counts, problems };
    await writeFileAtomic(path.join(folder, INPUTS_FILE), JSON.stringify(record));
  };
  // From here the live release's record no longer holds: this run may change the ledger.
  if (liveWork) await rm(path.join(liveWork, INPUTS_FILE), { force: true });
  await mkdir(work, { recursive: true });

  // Astro starts at once: Vite compiles the pages while this process reads and decides what
  // they show (the first page to ask for the state or the plan waits for its file).
  const stateDir = path.join(work, STATE_DIR);
  const planPath = path.join(work, 'plan.json');
  const stopAstro = new AbortController();
  // The renderer's version first (tens of ms): a patch renders with the renderer kept for it, without bundling (kept-renderer.ts).
  const renderer = await rendererVersion();
  const astro = runStage<AstroStageResult>('astro', [], { GONGSHI_STATE: stateDir, GONGSHI_PLAN: planPath, GONGSHI_ASTRO_OUT: staging, GONGSHI_ASTRO_CACHE: layout.astroCache, GONGSHI_RENDERER: renderer, GONGSHI_RENDERER_CACHE: layout.keptRenderers, ...(options.quiet ? { GONGSHI_QUIET: '1' } : {}) }, stopAstro.signal);
  astro.catch(() => {}); // awaited below; a failure meanwhile must not go unhandled
  let keepWork = false;
  let ahead: Promise<AheadResult> | undefined;
  try {
    // 1. Read and decide: the one way in for data.
    const resident = options.resident ? residentOf(layout.out) : undefined;
    const pinyin = resident?.pinyin ?? new PinyinMemo(liveWork ? ((await readJson<[string, string][]>(path.join(liveWork, PINYIN_FILE))) ?? []) : []);
    if (resident) resident.pinyin = pinyin;
    // The feed remembers who left the list for good: they stay off whatever content/ says now.
    const { events: ledger, keep: keepParsedLedger } = await readLedgerKept(layout);
    const receipts = await readBatchReceipts(layout);
    const problemsFile = path.join(work, 'problems.txt');
    const readCacheDir = path.join(layout.out, READ_CACHE_FOLDER);
    const readCache = options.resident ? residentReadCache(readCacheDir) : new ReadCache(readCacheDir);
    const loaded = await loadPublishState(contentDir, options.today, pinyin, departuresOf(ledger), receipts, { readCache }).catch(async (error: unknown) => {
      if (!(error instanceof UnreadableDecisionsError)) throw error;
      await printProblems(error.problems, { reportFile: problemsFile });
      throw new BuildFailure(refusal('DecisionsUnreadable', { files: error.problems.length }));
    });
    // Not `sensitive`: verify's list is worked out only when there is something to verify.
    const { state, problems, batchHashes, entryHashes } = loaded;
    await printProblems(problems, { reportFile: problemsFile });
    const { counts } = state;
    log(`\n名单 ${options.today}：收到 ${counts.received} 条 = 公开 ${counts.published} + 暂缓 ${counts.withheld} + 期满 ${counts.expired} + 已屏蔽/撤销/删除 ${counts.decided}`);
    if (counts.received !== counts.published + counts.withheld + counts.expired + counts.decided) throw new BuildFailure(refusal('CountMismatch'));
    const errors = problems.filter((p) => p.severity === 'error').length;
    if (options.strict && problems.length) throw new BuildFailure(refusal('StrictProblems', { errors, warnings: problems.length - errors }));

    const builtAt = new Date().toISOString();
    const events = newChangeEvents(ledger, state, builtAt, entryHashes);
    const changes = [...ledger, ...events];
    if (signing.throwaway) log(`未设置签名私钥（GONGSHI_SIGNING_KEY 或 GONGSHI_SIGNING_KEY_FILE）：/data/index.json 用本输出目录的临时密钥签名（${path.join(layout.out, '.signing')}），仅供示例，数据页也如此注明。正式发布前请按 README 设置私钥。`);
    const { state: sourced, sources } = withSources(state, events, await readEntrySources(layout));
    const derived = deriveBuildState(withVersions(sourced, changes), changes, builtAt);
    // A resident publisher takes each entry it published last time unchanged as that very object (json-text.ts internEntries).
    const entries = resident ? internEntries(derived.entries, resident.entries) : derived.entries;
    const entriesKept = resident ? entries.reduce((n, e, i) => (e === derived.entries[i] ? n : n + 1), 0) : undefined;
    const buildState: BuildState = { ...derived, entries, signingKey: publicPart(signing) };
    lap('read');
    failpoint('build:read');

    // 2. Diff and plan.
    const live = liveWork ? await readJson<LiveOutputs>(path.join(liveWork, OUTPUTS_FILE)) : null;
    const indexer = await readerCodeVersion([SEARCH_INDEXER]);
    // Chunks equal to the live state's are linked from it, not written (state-files.ts).
    const staged = await stageState(stateDir, buildState, liveWork ? { live: path.join(liveWork, STATE_DIR) } : {});
    const { content } = staged;
    const recordInputs = async () => {
      await recordBatchReceipts(layout, receipts, batchHashes, options.today);
      await writeEntrySources(layout, sources);
    };
    // Other code may write other files from the same state (a fix to the exports or the data
    // files): then the run goes on, renders no page whose key held, and replaces what differs.
    const code = await codeVersion();
    if (!options.full && live && live.content === content && live.renderer === renderer && live.code === code && events.length === 0) {
      stopAstro.abort();
      await astro.catch(() => {});
      await recordInputs();
      // What a run killed before its clean-up left (an older release, a work folder) goes now.
      await pruneReleases(layout);
      await recordInputsHash(liveWork!, counts, problems.length);
      lap('plan');
      log('与上线版本相同：无需发布。');
      return report('current', counts, { stamp: liveStamp!, problems: problems.length, reads: readsOf(readCache) });
    }
    // The privacy check's head start: the strings hidden since the last publication, asked of
    // every kept export piece in another thread while this one plans and writes (awaited before verify).
    const pieces = await exportPieceCache(layout.pieces, { holdBytes: holdLimitOf(process.env.GONGSHI_PIECE_MEMORY_MB) });
    const codes = publicNumbers(state);
    ahead = refreshVerdictsAhead(pieces, loaded.sensitive, codes);
    // Only now: with nothing to publish, neither the live state nor what every output reads
    // need be worked out (1.5 s at 100k). Of the live state, the head (its entries are compared
    // line by line for the search index, below).
    const touched = new Set(events.map((e) => e.entryId));
    const liveStateDir = liveWork ? path.join(liveWork, STATE_DIR) : null;
    const liveState = liveStateDir ? await readStateHead(liveStateDir) : null;
    const liveKeys = liveKeysOf(live);
    const { keys, units } = outputKeysReusing(buildState, await readerCodeVersion([OUTPUT_KEYS]), { keys: liveKeys, units: live?.units });
    const plan = planOutputs(liveKeys as Map<string, string | null>, keys);
    const liveFormat = live ? await otherDataFormat(layout.live) : null;
    const everything = options.full ? refusal('FullRequested')
      : !live ? refusal(liveStamp ? 'NoOutputList' : 'FirstRelease')
      : live.renderer !== renderer ? refusal('RendererChanged')
      : liveFormat ? refusal('DataFormatChanged', { live: liveFormat, now: INDEX_FORMAT })
      : plan.render.length > keys.size / 2 ? refusal('MostOutputsDirty', { dirty: plan.render.length, outputs: keys.size })
      : null;
    const mode: PublishMode = everything ? 'release' : 'patch';
    const liveDir = mode === 'patch' ? await realpath(layout.live) : null;
    // Each appears whole (Astro may be polling for them): the plan first, then the state.
    const planFile: PlanFile = mode === 'patch' ? { render: plan.render, outputs: plannedOutputs(buildState, plan.render) } : { render: [...keys.keys()] };
    await writeFileAtomic(planPath, JSON.stringify(planFile));
    await staged.commit();
    await writeFile(path.join(work, PINYIN_FILE), JSON.stringify(buildState.entries.filter((e) => e.kind === 'person').map((e) => [e.name, pinyin.of(e)])));
    log(everything ? `▶ 完整发布（${everything.message}）：${keys.size} 个页面` : `▶ 增量发布：${plan.render.length} 个页面有变，${plan.remove.length} 个页面撤下`);
    lap('plan');
    failpoint('build:planned');

    // 3. Pages in Astro's process; meanwhile the exports in this one (months unchanged since
    // the live release come from its pieces as they are).
    log('▶ astro');
    // A patch by the same code leaves the whole-list files made of the same pieces as they are live.
    const liveExports = liveDir && live?.code === code && isStringRecord(live.exports) ? await presentIn(liveDir, live.exports) : undefined;
    // What the privacy check looks for: files it checked against other strings are written and checked again.
    const checkedAgainst = keyOf(...loaded.sensitive.map((record) => JSON.stringify(record)), ...[...codes].sort());
    const exported = writeExports(exportsDir, buildState, changes, pieces, liveExports, checkedAgainst);
    forgetEntryTexts(); // after writeExports has keyed its pieces by them
    // The search index, and the count assertion (below): exactly the published entries are
    // searchable. Worked out and written here, file by file, while Astro renders on the other
    // core; moved into staging after it.
    // A patch updates the live index (holes for entries gone or changed, new cards appended:
    // no slot renumbered); a release, or an update the index cannot take, builds it anew. The
    // update is from what the live release was built from, not from the events: a run killed
    // after writing the ledger leaves events recorded that the live index never saw.
    const searched = (async (): Promise<{ files: number; cards: number; patched: boolean }> => {
      let patched: Map<string, string> | null = null;
      // A hole is emptied of the tokens the current code makes of its card: only the code that
      // made the live index's tokens finds them all, or a delisted name could stay under an old one.
      // A live state that cannot be read is not patched from either.
      const changed = liveDir && liveStateDir && live?.indexer === indexer ? await changedEntries(liveStateDir, stateDir).catch(() => null) : null;
      if (liveDir && liveState && changed) {
        const { removed, added } = indexDiff(changed.before, changed.after);
        const notice = (g: BuildState['gone'][number]) => JSON.stringify(noticeRefOf(g));
        const wasGone = new Map(liveState.gone.map((g) => [g.id, notice(g)]));
        const isGone = new Map(buildState.gone.map((g) => [g.id, notice(g)]));
        const readLive = readIndexFile(path.join(liveDir, SEARCH_INDEX_DIR));
        patched = await updateSearchIndex({
          removed, added, courts: buildState.courts,
          notices: buildState.gone.filter((g) => wasGone.get(g.id) !== notice(g)),
          // A notice that changed leaves its old tokens too (its case number may be among them).
          withdrawnNotices: liveState.gone.filter((g) => isGone.get(g.id) !== notice(g)),
        }, readLive);
        // An index that does not count what the live state says it holds is not patched further.
        if (patched && (JSON.parse(patched.get('manifest.json') ?? (await readLive('manifest.json'))) as { live: number }).live !== counts.published) patched = null;
      }
      const files = patched ?? searchIndexFiles({ entries: buildState.entries, gone: buildState.gone, courts: buildState.courts });
      return { ...(await writeSearchIndex(searchDir, files)), patched: patched !== null };
    })();
    const [rendered, written, indexed] = await Promise.allSettled([astro, exported, searched]);
    if (rendered.status === 'rejected') throw rendered.reason;
    if (written.status === 'rejected') throw written.reason;
    if (indexed.status === 'rejected') throw indexed.reason;
    stages.push({ stage: 'astro', ms: rendered.value.ms, maxRssMb: rendered.value.maxRssMb });
    const { renderer: renderedWith, shares: renderShares } = rendered.value.result;
    // Every planned output, or the live one it should replace would stay (a list page still
    // naming a delisted person): a renderer that skipped a path fails the publication.
    if (fault('build:page-unwritten') && planFile.render.length) await rm(path.join(staging, planFile.render.at(-1)!));
    const unwritten = await firstMissing(staging, planFile.render);
    if (unwritten) throw new BuildFailure(refusal('StageFailed', { stage: 'astro', message: `未生成 ${unwritten}` }));
    lap('render');
    for (const file of EXPORT_FILES) if (written.value.digests.has(file)) await rename(path.join(exportsDir, file), path.join(staging, file));
    await rm(exportsDir, { recursive: true, force: true });
    await writeDeploymentFiles(staging, buildState);
    await writeFreshness(staging, buildState);
    // Last of the data files: index.json hashes all of them, and its signature covers it. In a
    // patch only the deltas of versions that hold a changed entry are made again.
    // The court feeds' Atom carries the city's name: a change to the site's settings makes them all.
    const sameSite = JSON.stringify(liveState?.site) === JSON.stringify(buildState.site);
    await writeOpenData(staging, layout.out, buildState, changes, { key: signing, written: written.value.digests, ...(liveDir && sameSite ? { live: liveDir, touched } : liveDir ? { live: liveDir } : {}) });
    failpoint('build:rendered');
    lap('open-data');

    log('▶ search');
    const { files: indexFiles, cards, patched } = indexed.value;
    await mkdir(path.dirname(path.join(staging, SEARCH_INDEX_DIR)), { recursive: true });
    await rename(searchDir, path.join(staging, SEARCH_INDEX_DIR));
    if (!patched && cards !== counts.published) throw new BuildFailure(refusal('SearchIndexCount', { published: counts.published, indexed: cards }));
    log(patched ? `搜索索引：增量更新 ${indexFiles} 个文件。` : `搜索索引：重建，${indexFiles} 个文件。`);
    lap('search');

    // The full text of cases, notices, the catalog and the guides (never an entry or a list).
    let fullTextFiles: string[] = [];
    if (liveDir) fullTextFiles = await rebuildFullText(buildState, staging, liveDir);
    else {
      const fulltext = await writeReleaseFullText(staging, buildState).catch((error: unknown) => {
        throw error instanceof FullTextError ? new BuildFailure(error) : error;
      });
      log(`全文索引：${fulltext.pages} 个页面，${fulltext.files} 个文件，${(fulltext.bytes / 1024).toFixed(0)} KB。`);
    }
    lap('fulltext');

    // In a patch: what the live release has that this version does not, and the staged files
    // that say exactly what the live ones say (they need no check and no rename).
    const gone: string[] = [...plan.remove];
    if (liveDir) {
      // A patched search index holds only the files it changed; one built anew holds them all.
      if (!patched) for await (const file of filesUnder(path.join(liveDir, SEARCH_INDEX_DIR))) {
        const rel = path.relative(liveDir, file);
        if (!isPrecompressedCopy(rel) && !(await exists(path.join(staging, rel)))) gone.push(rel);
      }
      if (await exists(path.join(liveDir, 'data', 'courts'))) for await (const file of filesUnder(path.join(liveDir, 'data', 'courts'))) {
        const rel = path.relative(liveDir, file);
        if (!isPrecompressedCopy(rel) && isWithdrawnDataFile(path.relative(path.join(liveDir, 'data'), file).split(path.sep).join('/'), buildState)) gone.push(rel);
      }
      for await (const file of filesUnder(staging)) {
        const rel = path.relative(staging, file);
        if (ASSEMBLED_FILES.has(rel.split(path.sep).join('/'))) continue;
        if (await sameBytes(file, path.join(liveDir, rel))) await rm(file);
      }
    }

    // 4. Verify: no full ID number, nothing of a non-public party, in anything that will be served.
    // The check writes the compressed copies too, from the bytes it read and found clean, before
    // anyone can ask for them: one read of each file. A release takes the live copies of the
    // pages that say what they said (most of them).
    log('▶ verify');
    // The assembled exports from their pieces: each kept piece was checked when first used (verify-pieces.ts).
    const copies = { except: ASSEMBLED_FILES, ...(mode === 'release' ? { previous: await realpath(layout.live).catch(() => undefined) } : {}) };
    const early = await ahead;
    if (early && 'error' in early) console.warn(`隐私检查的预先核对未完成（${terminalSafe(early.error)}），改在检查时逐一核对。`);
    else if (process.env.GONGSHI_VERIFY_DEBUG) console.error(`[verify-pieces] ahead: ${JSON.stringify(early)}`);
    const { files, leaks } = await verifyOutput(staging, loaded.sensitive, codes, { assembled: { files: written.value.assembled, cache: pieces }, asOf: state.asOf, copies });
    if (leaks.length) {
      for (const leak of leaks.slice(0, 50)) console.error(formatLeak(leak, staging));
      keepWork = true;
      throw new BuildFailure(refusal('PrivacyLeak', { leaks: leaks.length, files, release: path.relative(process.cwd(), staging) }));
    }
    failpoint('build:verified');
    log(`隐私检查通过：${files} 个文件中没有完整身份证号码，也没有 ${loaded.sensitive.length} 条不公开记录的信息。`);
    lap('verify');
    // The assembled exports' copies, from their pieces' (each piece compressed once).
    await written.value.writeGzips(staging);
    lap('precompress');
    const piecesUsed = { kept: pieces.hits, made: pieces.misses, letGo: pieces.released.pieces, letGoMb: Math.round(pieces.released.bytes / 2 ** 20), reopened: pieces.released.reopened };
    if (piecesUsed.letGo) log(`导出分片超出内存上限 GONGSHI_PIECE_MEMORY_MB：${piecesUsed.letGo} 片（${piecesUsed.letGoMb} MB）写入、检查和压缩时逐片读回，共 ${piecesUsed.reopened} 次。`);

    // 5. The events first: a run killed between this and going live leaves events the next run
    // finds already recorded (their seqs are never handed out again).
    await recordInputs();
    failpoint('build:sources-written');
    await appendLedger(layout, events);
    failpoint('build:ledger-written');
    let applied = 0;
    // What the new live version was rendered from, for the next plan.
    const outputsText = JSON.stringify({ renderer, indexer, content, code, files: [...keys.keys()], fileKeys: [...keys.values()], units, exports: written.value.compositions } satisfies LiveOutputs);
    if (!liveDir) {
      await writeFile(path.join(work, OUTPUTS_FILE), outputsText);
      const release = path.join(layout.releases, stamp);
      await mkdir(layout.releases, { recursive: true });
      await rename(staging, release);
      await rm(planPath, { force: true });
      failpoint('build:released');
      await switchLive(layout, stamp);
      keepWork = true; // the new release's work folder: its state and outputs, for the next run
      failpoint('build:live');
    } else {
      // The keys go first: killed from here on, the live release is a mix of verified files of
      // both versions, and the next run renders everything.
      await rm(path.join(liveWork!, OUTPUTS_FILE), { force: true });
      applied = await applyPatch(staging, liveDir, gone);
      await removeStaleFullText(liveDir, fullTextFiles);
      failpoint('build:live');
      await replaceState(stateDir, path.join(liveWork!, STATE_DIR));
      failpoint('build:state-replaced');
      for (const file of [PINYIN_FILE, 'problems.txt']) await rename(path.join(work, file), path.join(liveWork!, file)).catch(() => {});
      await writeFileAtomic(path.join(liveWork!, OUTPUTS_FILE), outputsText);
    }
    const liveAt = performance.now();
    lap('apply');
    await pieces.prune();
    // The ledger as parsed, for the next run to parse only what is appended after it.
    await keepParsedLedger();
    // After going live: deleting an old release of 100k files takes seconds and serves no reader.
    await pruneReleases(layout);
    failpoint('build:pruned');
    // Last: a run killed before this leaves no record, and the next one goes through the
    // pipeline (and its clean-up) instead of stopping at step 0.
    await recordInputsHash(liveDir ? liveWork! : work, counts, problems.length);
    lap('prune');

    // On a first build there was no earlier site to take anything down from: no delay to report.
    const delays = ledger.length === 0 ? [] : decisionDelays(state.decisions, events, options.today);
    for (const d of delays) log(formatDecisionDelay(d));
    const done = report(mode, counts, { newEvents: events.length, problems: problems.length, ...(everything ? { why: everything } : {}), stamp: liveStamp && mode === 'patch' ? liveStamp : stamp, rendered: planFile.render.length, renderedWith, renderShares, planned: mode === 'patch' ? plan.render : [], applied, removed: gone.length, lateDecisions: delays.filter((d) => d.late), pieces: piecesUsed, reads: readsOf(readCache), ...(entriesKept === undefined ? {} : { entriesKept }), ...(early ? { verifyAhead: early } : {}), liveAt });
    await writeFile(path.join(layout.work, done.stamp, 'build-report.json'), JSON.stringify(done, null, 2));
    log(`\n阶段耗时：${stages.map((s) => `${s.stage} ${(s.ms / 1000).toFixed(1)}s/${Math.round(s.maxRssMb)}MB`).join('  ')}`);
    log(mode === 'patch'
      ? `已上线（增量）：替换 ${applied} 个文件，撤下 ${gone.length} 个，新增变更事件 ${events.length} 条。`
      : `已上线：${path.relative(process.cwd(), layout.live)} → releases/${stamp}，新增变更事件 ${events.length} 条。`);
    return done;
  } catch (error) {
    // The live site was never touched before the ledger, and after it only by verified files.
    // The report of problems stays for the operator (the next publication that goes live
    // prunes it); what was staged goes, unless verify kept it to be looked at.
    if (!keepWork) {
      stopAstro.abort();
      await astro.catch(() => {});
      await Promise.all([staging, exportsDir, searchDir, planPath].map((p) => rm(p, { recursive: true, force: true })));
      keepWork = true;
    }
    if (error instanceof StageError) throw new BuildFailure(refusal('StageFailed', { stage: error.stage, message: error.message }));
    throw error;
  } finally {
    stopAstro.abort(); // when this returned or failed before Astro was done
    await astro.catch(() => {});
    await ahead; // a failed run's head start still writes into the piece cache until it is done
    if (!keepWork) await rm(work, { recursive: true, force: true });
  }
}

/** A folder renamed over another: the old one is set aside first (rename(2) cannot replace a folder that has files). */
async function replaceState(from: string, to: string): Promise<void> {
  const old = `${to}.old-${process.pid}`;
  await rename(to, old).catch(() => {});
  await rename(from, to);
  // With any a killed run left, and the one-file state of earlier versions: copies of the list.
  const dir = path.dirname(to);
  const stale = (await readdir(dir)).filter((name) => name.startsWith(`${path.basename(to)}.old-`) || name === 'state.json');
  await Promise.all(stale.map((name) => rm(path.join(dir, name), { recursive: true, force: true })));
}

/** The first of `files` (relative to `root`) that is not there, or null. */
async function firstMissing(root: string, files: readonly string[]): Promise<string | null> {
  for (let i = 0; i < files.length; i += 256) {
    const found = await Promise.all(files.slice(i, i + 256).map((file) => exists(path.join(root, file))));
    const at = found.indexOf(false);
    if (at >= 0) return files[i + at]!;
  }
  return null;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a), stat(b).catch(() => null)]);
  if (!sb || sa.size !== sb.size) return false;
  const [ba, bb] = await Promise.all([readFile(a), readFile(b)]);
  return ba.equals(bb);
}

/** Where personal data may sit: these go first, so it leaves before anything announces the removal. */
function applyRank(file: string): number {
  if (file.startsWith(`${SEARCH_INDEX_DIR}${path.sep}`)) return 0;
  if (file.startsWith(`entry${path.sep}`)) return 1;
  if (file.startsWith(`list${path.sep}`) || file.startsWith(`data${path.sep}entries.`)) return 3;
  // The full-text index's entry file names its new files: it goes after them.
  return file === FULLTEXT_ENTRY ? 5 : 4;
}

/**
 * Renames each staged file over the live one (with its compressed copies), in applyRank's
 * order, and deletes the outputs that no longer exist right after the entry pages. Each file
 * switches atomically; the site as a whole is between two versions for as long as this runs.
 */
async function applyPatch(staging: string, live: string, gone: readonly string[]): Promise<number> {
  const staged: string[] = [];
  for await (const file of filesUnder(staging)) {
    const rel = path.relative(staging, file);
    if (!isPrecompressedCopy(rel)) staged.push(rel);
  }
  let goneRemoved = false;
  const removeGone = async () => {
    if (goneRemoved) return;
    goneRemoved = true;
    for (const file of gone) {
      for (const suffix of ['', '.gz', '.br']) await rm(path.join(live, `${file}${suffix}`), { force: true });
      // A month emptied leaves its folders: remove them while empty.
      for (let dir = path.dirname(path.join(live, file)); dir.startsWith(`${live}${path.sep}`); dir = path.dirname(dir)) {
        if ((await readdir(dir).catch(() => ['?'])).length > 0) break;
        await rmdir(dir).catch(() => {});
      }
    }
  };
  // Rank by rank; within a rank the order does not matter, so files are renamed many at a time
  // (one by one, 14,000 files of a new batch took minutes on a busy machine).
  const ranks = Map.groupBy(staged, applyRank);
  let done = 0;
  for (const rank of [...ranks.keys()].sort((a, b) => a - b)) {
    if (rank > 1) await removeGone();
    const files = ranks.get(rank)!;
    for (let i = 0; i < files.length; i += APPLY_AT_ONCE) {
      if (done >= Math.floor(staged.length / 2)) failpoint('build:mid-apply');
      await Promise.all(files.slice(i, i + APPLY_AT_ONCE).map(async (file) => {
        await mkdir(path.dirname(path.join(live, file)), { recursive: true });
        await replaceWithPrecompressed(path.join(staging, file), path.join(live, file));
      }));
      done += Math.min(APPLY_AT_ONCE, files.length - i);
    }
  }
  await removeGone();
  return staged.length;
}

/** Files renamed at once in a patch. */
const APPLY_AT_ONCE = 32;
