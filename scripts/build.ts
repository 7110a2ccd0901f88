// npm run build: validate → Astro → search index → verify → switch live.
//   node scripts/build.ts [--content content] [--out dist] [--today YYYY-MM-DD] [--strict]
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadPublishState } from './lib/publish-state.ts';
import { departuresOf, deriveBuildState, newChangeEvents, withSources, withVersions, type BuildState } from './lib/build-state.ts';
import { ASSEMBLED_FILES, EXPORT_FILES, exportPieceCache, writeExports } from './lib/exports.ts';
import { decisionDelays, formatDecisionDelay, printProblems, UnreadableDecisionsError, type DecisionDelay } from './lib/report.ts';
import { layoutOf, liveRelease, newStamp, PINYIN_FILE, pruneReleases, readBatchReceipts, readEntrySources, readLedger, recordBatchReceipts, switchLive, withPublishLock, writeEntrySources, writeLedger } from './lib/release.ts';
import { PinyinMemo } from './lib/search/tokens.ts';
import { runStage, StageError, type StageResult } from './lib/stage.ts';
import { buildSearchIndex } from './lib/search/index-build.ts';
import { writeDeploymentFiles } from './lib/deployment-files.ts';
import { writeFreshness } from './lib/freshness.ts';
import { precompressTree } from './lib/precompress.ts';
import { SEARCH_INDEX_DIR, writeSearchIndex } from './lib/search/index-files.ts';
import { formatLeak, publishedCreditCodes, verifyOutput } from './lib/verify-output.ts';
import { parseIsoDate } from './lib/schema/fields.ts';
import { todayInChina } from './lib/shared/dates.ts';
import { failpoint } from './lib/failpoint.ts';
import { refusal, type Refusal, type RefusalCode } from './lib/refusals.ts';
import { FullTextError, writeReleaseFullText } from './lib/fulltext.ts';
import { writeOpenData } from './lib/open-data.ts';
import { publicPart, signingKeyFor, SigningKeyError } from './lib/signing.ts';

export interface BuildOptions {
  content: string;
  out: string;
  today: string;
  strict: boolean;
  quiet?: boolean;
}

export interface BuildReport {
  ok: boolean;
  stamp: string;
  counts: BuildState['counts'];
  stages: { stage: string; ms: number; maxRssMb: number }[];
  newEvents: number;
  problems: number;
  leaks: number;
  lateDecisions: DecisionDelay[];
  /** performance.now() when the new release was live (before pruning the old ones). */
  liveAt: number;
}

/** A build that does not go live: `code` names the refusal (refusals.ts) where it is one of ours. */
export class BuildFailure extends Error {
  readonly code?: RefusalCode;
  constructor(reason: string | Refusal) {
    super(typeof reason === 'string' ? reason : reason.message);
    if (typeof reason !== 'string') this.code = reason.code;
  }
}

/** Builds and publishes; waits while another build or delisting publishes to the same folder. */
export function buildSite(options: BuildOptions): Promise<BuildReport> {
  const waiting = (pid: number) => options.quiet || console.log(`另一个发布（进程 ${pid}）正在进行，等待其完成…`);
  return withPublishLock(layoutOf(path.resolve(options.out)), () => build(options), waiting);
}

async function build(options: BuildOptions): Promise<BuildReport> {
  const log = options.quiet ? () => {} : (line: string) => console.log(line);
  const layout = layoutOf(path.resolve(options.out));
  const stamp = newStamp();
  const stages: BuildReport['stages'] = [];
  const contentDir = path.resolve(options.content);

  // 1. Validate: the one way in for data.
  const started = performance.now();
  const pinyin = new PinyinMemo();
  // The feed remembers who left the list for good: they stay off whatever content/ says now.
  const ledger = await readLedger(layout);
  const receipts = await readBatchReceipts(layout);
  const { state, sensitive, problems, batchHashes } = await loadPublishState(contentDir, options.today, pinyin, departuresOf(ledger), receipts).catch(async (error: unknown) => {
    if (!(error instanceof UnreadableDecisionsError)) throw error;
    await printProblems(error.problems, { reportFile: path.join(layout.work, stamp, 'problems.txt') });
    throw new BuildFailure(error.message);
  });
  stages.push({ stage: 'validate', ms: performance.now() - started, maxRssMb: process.resourceUsage().maxRSS / 1024 });
  await printProblems(problems, { reportFile: path.join(layout.work, stamp, 'problems.txt') });
  const { counts } = state;
  log(`\n名单 ${options.today}：收到 ${counts.received} 条 = 公开 ${counts.published} + 暂缓 ${counts.withheld} + 期满 ${counts.expired} + 已屏蔽/撤销/删除 ${counts.decided}`);
  if (counts.received !== counts.published + counts.withheld + counts.expired + counts.decided) {
    throw new BuildFailure(refusal('CountMismatch'));
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (options.strict && problems.length) {
    throw new BuildFailure(refusal('StrictProblems', { errors, warnings: problems.length - errors }));
  }

  // 2. Derived state: courts, change feed, traditional → simplified table.
  const builtAt = new Date().toISOString();
  const events = newChangeEvents(ledger, state, builtAt);
  const changes = [...ledger, ...events];
  const signing = await signingKeyFor(layout.out).catch((error: unknown) => {
    throw error instanceof SigningKeyError ? new BuildFailure(error.message) : error;
  });
  if (signing.throwaway) log(`未设置签名私钥（GONGSHI_SIGNING_KEY 或 GONGSHI_SIGNING_KEY_FILE）：/data/index.json 用本输出目录的临时密钥签名（${path.join(layout.out, '.signing')}），仅供示例，数据页也如此注明。正式发布前请按 README 设置私钥。`);
  const { state: sourced, sources } = withSources(state, events, await readEntrySources(layout));
  const buildState: BuildState = { ...deriveBuildState(withVersions(sourced, changes), changes, builtAt), signingKey: publicPart(signing) };
  let liveAt = 0;
  const work = path.join(layout.work, stamp);
  const release = path.join(layout.releases, stamp);
  await mkdir(work, { recursive: true });
  const statePath = path.join(work, 'state.json');
  await writeFile(statePath, JSON.stringify(buildState));
  await writeFile(path.join(work, PINYIN_FILE), JSON.stringify([...pinyin.known]));

  try {
    // 3. Pages, and meanwhile the bulk data files (Astro's process works on the other core).
    log('▶ astro');
    const astro = runStage('astro', [], { GONGSHI_STATE: statePath, GONGSHI_ASTRO_OUT: release, GONGSHI_ASTRO_CACHE: layout.astroCache, ...(options.quiet ? { GONGSHI_QUIET: '1' } : {}) });
    // Astro owns its output folder while it renders: the exports wait in the work folder.
    const exports = path.join(work, 'exports');
    // Months of entries unchanged since the live release are taken from its pieces as they are.
    const pieces = await exportPieceCache(layout.pieces);
    const exported = writeExports(exports, buildState, changes, pieces);
    const [rendered, written] = await Promise.all([astro, exported]);
    stages.push(summary(rendered));
    for (const file of EXPORT_FILES) await rename(path.join(exports, file), path.join(release, file));
    await rm(exports, { recursive: true, force: true });
    await writeDeploymentFiles(release, buildState);
    await writeFreshness(release, buildState);
    // Last of the data files: index.json hashes all of them, and its signature covers it.
    const openDataStarted = performance.now();
    await writeOpenData(release, layout.out, buildState, changes, { key: signing });
    stages.push({ stage: 'open-data', ms: performance.now() - openDataStarted, maxRssMb: process.resourceUsage().maxRSS / 1024 });
    failpoint('build:rendered');

    // 4. Search index, and the count assertion: exactly the published entries are searchable.
    log('▶ search');
    const searchStarted = performance.now();
    const indexed = await writeSearchIndex(path.join(release, SEARCH_INDEX_DIR), buildSearchIndex({ entries: state.entries, gone: state.gone, courts: buildState.courts }));
    stages.push({ stage: 'search', ms: performance.now() - searchStarted, maxRssMb: process.resourceUsage().maxRSS / 1024 });
    if (indexed !== counts.published) {
      throw new BuildFailure(refusal('SearchIndexCount', { published: counts.published, indexed }));
    }

    // 4b. Full text of cases, notices, the catalog and the guides (never an entry or a list), counted the same way.
    log('▶ fulltext');
    const fulltext = await writeReleaseFullText(release, buildState).catch((error: unknown) => {
      throw error instanceof FullTextError ? new BuildFailure(error.message) : error;
    });
    stages.push({ stage: 'fulltext', ms: fulltext.ms, maxRssMb: process.resourceUsage().maxRSS / 1024 });
    log(`全文索引：${fulltext.pages} 个页面，${fulltext.files} 个文件，${(fulltext.bytes / 1024).toFixed(0)} KB。`);

    // 5. Verify: no full ID number, nothing of a non-public party, anywhere in the release.
    log('▶ verify');
    const verifyStarted = performance.now();
    const { files, leaks } = await verifyOutput(release, sensitive, publishedCreditCodes(state));
    stages.push({ stage: 'verify', ms: performance.now() - verifyStarted, maxRssMb: process.resourceUsage().maxRSS / 1024 });
    if (leaks.length) {
      for (const leak of leaks.slice(0, 50)) console.error(formatLeak(leak, release));
      throw new BuildFailure(refusal('PrivacyLeak', { leaks: leaks.length, files, release: path.relative(process.cwd(), release) }));
    }
    failpoint('build:verified');
    log(`隐私检查通过：${files} 个文件中没有完整身份证号码，也没有 ${sensitive.length} 条不公开记录的信息。`);

    // 5b. Compressed copies, from the verified files only, before anyone can ask for them.
    log('▶ precompress');
    const compressStarted = performance.now();
    await precompressTree(release, ASSEMBLED_FILES);
    await written.writeGzips(release);
    stages.push({ stage: 'precompress', ms: performance.now() - compressStarted, maxRssMb: process.resourceUsage().maxRSS / 1024 });

    // 6. Record the events, then go live. The ledger is written ahead: a build killed between
    // the two leaves events the next build finds already recorded (their seqs are never
    // handed out again), instead of a live feed whose seqs the next build would reuse.
    const switchStarted = performance.now();
    await recordBatchReceipts(layout, receipts, batchHashes, options.today);
    await writeEntrySources(layout, sources);
    await writeLedger(layout, changes);
    failpoint('build:ledger-written');
    await switchLive(layout, stamp);
    failpoint('build:live');
    liveAt = performance.now();
    await pieces.prune();
    stages.push({ stage: 'publish', ms: liveAt - switchStarted, maxRssMb: process.resourceUsage().maxRSS / 1024 });
    // After going live: deleting an old release of 100k files takes seconds and serves no reader.
    const pruneStarted = performance.now();
    await pruneReleases(layout);
    stages.push({ stage: 'prune', ms: performance.now() - pruneStarted, maxRssMb: process.resourceUsage().maxRSS / 1024 });
  } catch (error) {
    // The live symlink was never touched: the previous release keeps serving.
    if (!(error instanceof BuildFailure)) await rm(release, { recursive: true, force: true });
    if (error instanceof StageError) throw new BuildFailure(refusal('StageFailed', { stage: error.stage, message: error.message }));
    throw error;
  }

  // On a first build there was no earlier site to take anything down from: no delay to report.
  const delays = ledger.length === 0 ? [] : decisionDelays(state.decisions, events, options.today);
  for (const d of delays) log(formatDecisionDelay(d));
  const report: BuildReport = { ok: true, stamp, counts, stages, newEvents: events.length, problems: problems.length, leaks: 0, lateDecisions: delays.filter((d) => d.late), liveAt };
  await writeFile(path.join(work, 'build-report.json'), JSON.stringify(report, null, 2));
  log(`\n阶段耗时：${stages.map((s) => `${s.stage} ${(s.ms / 1000).toFixed(1)}s/${Math.round(s.maxRssMb)}MB`).join('  ')}`);
  log(`已上线：${path.relative(process.cwd(), layout.live)} → releases/${stamp}（${(await liveRelease(layout)) === stamp ? '已切换' : '未切换'}），新增变更事件 ${events.length} 条。`);
  return report;
}

function summary(result: StageResult): BuildReport['stages'][number] {
  return { stage: result.stage, ms: result.ms, maxRssMb: result.maxRssMb };
}

async function main() {
  const { values } = parseArgs({
    options: {
      content: { type: 'string', default: 'content' },
      out: { type: 'string', default: 'dist' },
      today: { type: 'string' },
      strict: { type: 'boolean', default: false },
    },
  });
  const today = values.today ? parseIsoDate(values.today) : todayInChina();
  if (!today) throw new BuildFailure(refusal('BadToday', { today: values.today! }));
  await buildSite({ content: values.content!, out: values.out!, today, strict: values.strict! });
}

if (import.meta.main) {
  main().catch((error) => {
    if (error instanceof BuildFailure) console.error(`\n✖ 构建失败：${error.message}`);
    else console.error(error);
    process.exit(1);
  });
}
