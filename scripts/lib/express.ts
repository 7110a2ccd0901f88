// Express delisting: when the only change is new decisions, take the decided entries down in
// seconds instead of rebuilding 100,000 pages. Used by `npm run delist` and by watch mode.
//
// A full build renders every page into a new release and switches a symlink. Copying a
// release of 100,000 entry pages takes ~10 s on this machine (hard links included), so this
// path patches the live release instead, file by file, each by an atomic rename:
//   1. the new state is the live build's state minus the decided entries (content/entries is
//      not read again: only content/decisions changed);
//   2. Astro renders only the pages that showed a removed entry or count it, from a state cut
//      down to what those pages show: the entries' notice pages, their namesakes' pages (they
//      count namesakes), the court's page and the removed entries' months, and the site-wide
//      pages. It is started first, so that Vite compiles while step 1 runs. Meanwhile, on the
//      other core, this process writes the exports (with the full build's writer, which takes
//      the unchanged months' pieces from the cache), patches the search index
//      (removeFromSearchIndex) and verifies both;
//   3. verify scans every staged file for a full ID number and the data of every removed
//      entry, before anything is applied; a leak stops here and nothing changes;
//   4. staged files are renamed over the live ones — the search index and entry pages first,
//      so personal data leaves before the announcements arrive; then the state is saved, and
//      the render cache's copies of the re-rendered pages are deleted.
// Files outside the staging folders are the live build's, already verified, and showed the
// removed entries only on the pages re-rendered here. A removal is all this path does: any
// other change, a new day (every page shows the as-of date), a court appearing or vanishing,
// or a failure falls back to a full build, which also compacts the search index. Killed
// mid-apply, each file is old or new and the next build repairs the rest; it can only have
// taken personal data down early.
import { appendFile, mkdir, readdir, readFile, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { deriveBuildState, entryHash, monthOf, newChangeEvents, type BuildState, type ChangeEvent } from './build-state.ts';
import { PAGE_SIZE } from './list-pages.ts';
import { idKey } from './schema/fields.ts';
import { loadDecisions, type GoneEntry, type PublishedEntry, type PublishState } from './publish-state.ts';
import { findHiddenMentions, hiddenParty, isPublicText } from './hidden-parties.ts';
import { decisionDelays, formatDecisionDelay, type DecisionDelay, type Problem } from './report.ts';
import { publicityOf } from './rules/publicity.ts';
import type { Entry } from './schema/entry.ts';
import { failpoint } from './failpoint.ts';
import { refusal, type RefusalCode, type REFUSALS } from './refusals.ts';
import { appendLedger, layoutOf, liveStatePath, newStamp, PINYIN_FILE, pruneReleases, readLedger, readLiveState, withPublishLock } from './release.ts';
import { runStage } from './stage.ts';
import { filesUnder } from './walk.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { removeFromSearchIndex } from './search/index-build.ts';
import { PinyinMemo } from './search/tokens.ts';
import { readIndexFile, SEARCH_INDEX_DIR, writeSearchIndex } from './search/index-files.ts';
import { formatLeak, publishedCreditCodes, verifyOutput, type Leak } from './verify-output.ts';
import { writeDeploymentFiles } from './deployment-files.ts';
import { writeFreshness } from './freshness.ts';
import { ASSEMBLED_FILES, exportPieceCache, writeExports } from './exports.ts';
import { writeOpenData } from './open-data.ts';
import { isPrecompressedCopy, precompressTree, replaceWithPrecompressed } from './precompress.ts';
import { FULLTEXT_ENTRY, rebuildFullText, removeStaleFullText } from './fulltext.ts';

/**
 * The pages to render, handed to Astro's process in the file GONGSHI_ONLY names
 * (site/lib/state.ts reads it): the entries' pages, and per court slug the months whose list
 * pages to render; the court's own page is always rendered.
 */
export interface OnlyPagesFile {
  entries: string[];
  lists: Record<string, string[]>;
}

export interface ExpressReport {
  stamp: string;
  /** performance.now() when the site was live and verified, before the clean-up that follows. */
  liveAt: number;
  removed: string[];
  stages: { stage: string; ms: number }[];
  files: number;
  /** As in the full build's report: decisions taken down later than 3 working days after. */
  lateDecisions: DecisionDelay[];
}

/**
 * applied: the removal is live. current: the live site already shows every decision (another
 * publication took them down first). declined: why a full build must do it instead.
 */
export type ExpressOutcome = { status: 'applied'; report: ExpressReport } | { status: 'current' } | { status: 'declined'; code: RefusalCode; reason: string };

/** Stepping aside for a full build, with the catalogue's code and message (refusals.ts). */
function declined<C extends RefusalCode>(code: C, ...params: Parameters<(typeof REFUSALS)[C]>): ExpressOutcome {
  const { message } = refusal(code, ...params);
  return { status: 'declined', code, reason: message };
}

interface ExpressOptions {
  content: string;
  out: string;
  today: string;
  log?: (line: string) => void;
}

/** Waits while another build or delisting publishes to the same folder (withPublishLock). */
export function expressDelist(options: ExpressOptions): Promise<ExpressOutcome> {
  const waiting = (pid: number) => options.log?.(`另一个发布（进程 ${pid}）正在进行，等待其完成…`);
  return withPublishLock(layoutOf(path.resolve(options.out)), () => express(options), waiting);
}

async function express(options: ExpressOptions): Promise<ExpressOutcome> {
  const log = options.log ?? (() => {});
  const layout = layoutOf(path.resolve(options.out));
  const stages: ExpressReport['stages'] = [];
  let mark = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    stages.push({ stage, ms: now - mark });
    mark = now;
  };

  // Astro starts at once: Vite compiles the pages while this process decides what they show
  // (the first page to ask for the state waits for its file, site/lib/state.ts).
  const stamp = newStamp();
  const work = path.join(layout.work, `express-${stamp}`);
  const staging = path.join(work, 'pages');
  const extra = path.join(work, 'data');
  await mkdir(work, { recursive: true });
  const stopAstro = new AbortController();
  const astro = runStage('astro', [], {
    GONGSHI_STATE: path.join(work, 'astro-state.json'),
    GONGSHI_ONLY: path.join(work, 'only.json'),
    GONGSHI_ASTRO_OUT: staging,
    GONGSHI_ASTRO_CACHE: path.join(work, 'astro-cache'),
    GONGSHI_QUIET: '1',
  }, stopAstro.signal);
  astro.catch(() => {}); // awaited below; a failure here must not go unhandled meanwhile
  try {
    const statePath = await liveStatePath(layout);
    if (!statePath) return declined('NoLiveRelease');
    const previous = await readLiveState(layout);
    if (!previous) return declined('NoLiveState');
    if (previous.asOf !== options.today) return declined('NewDay', { from: previous.asOf, to: options.today });

    // 1. Decisions against the live entries. Any problem means a full build sorts it out.
    const problems: Problem[] = [];
    const known = new Set([...previous.entries.map((e) => idKey(e.id)), ...previous.gone.map((g) => idKey(g.id))]);
    const { decisions, decisionRefs } = await loadDecisions(path.resolve(options.content), (id) => known.has(id), options.today, problems);
    if (problems.length) return declined('DecisionProblems', { count: problems.length });
    const removed: PublishedEntry[] = [];
    const notices: GoneEntry[] = [];
    const decisionById = new Map(decisions.map((d) => [d.id, d]));
    for (const entry of previous.entries) {
      const refs = decisionRefs.get(idKey(entry.id));
      if (!refs) continue;
      const publicity = publicityOf({ ...entry, disclose: true } as Entry, refs, options.today);
      if (publicity.status === 'published') continue;
      if (publicity.status !== 'decided') return declined('WithheldNotDecided', { id: entry.id });
      const d = decisionById.get(publicity.decisionId)!;
      removed.push(entry);
      notices.push({ id: entry.id, cause: 'decided', type: d.type, date: d.decidedOn, court: d.court, caseNumber: entry.caseNumber, decisionId: d.id, docNumber: d.docNumber, reason: d.reason });
    }
    if (removed.length === 0) {
      // Nothing to take down: current if every decision is the one the live site shows.
      const shown = new Map(previous.decisions.map((d) => [d.id, JSON.stringify(d)]));
      const unchanged = decisions.length === shown.size && decisions.every((d) => shown.get(d.id) === JSON.stringify(d));
      return unchanged ? { status: 'current' } : declined('DecisionsChanged');
    }
    const gone = new Set(removed.map((e) => e.id));
    const entries = previous.entries.filter((e) => !gone.has(e.id));
    // Free text that names a removed party (a case, a namesake's obligation) must be withheld:
    // that is the full build's decision to make (publish-state), not a page to patch.
    if (findHiddenMentions(removed.map((e) => hiddenParty(e.id, 'decided', e)), entries, previous.cases).length) {
      return declined('MentionedInText');
    }
    const decided = new Set(notices.map((n) => n.decisionId));
    const publishState: PublishState = {
      asOf: previous.asOf,
      site: previous.site,
      courtDirectory: previous.courtDirectory ?? [],
      entries,
      gone: [...previous.gone, ...notices].sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id)),
      decisions: [...previous.decisions, ...decisions.filter((d) => decided.has(d.id))],
      cases: previous.cases,
      measures: previous.measures,
      counts: { ...previous.counts, published: previous.counts.published - removed.length, decided: previous.counts.decided + removed.length },
    };
    // One DEL event per removed entry. The ledger must show each as public with the data the
    // live site shows; if not, the ledger and the live site disagree and the full build, which
    // compares every entry, sorts the feed out.
    const ledger = await readLedger(layout);
    const lastEvent = new Map<string, ChangeEvent>();
    for (const event of ledger) if (gone.has(event.entryId)) lastEvent.set(event.entryId, event);
    for (const entry of removed) {
      const last = lastEvent.get(entry.id);
      if (!last || last.op === 'DEL' || last.hash !== entryHash(entry)) return declined('LedgerMismatch', { id: entry.id });
    }
    const builtAt = new Date().toISOString();
    const events = newChangeEvents([...lastEvent.values()], { ...publishState, entries: [], gone: notices }, builtAt, (ledger.at(-1)?.seq ?? 0) + 1);
    const changes = [...ledger, ...events];
    const state: BuildState = { ...deriveBuildState(publishState, changes, builtAt, previous.traditionalToSimplified), signingKey: previous.signingKey };
    const courtsBefore = previous.courts.map((c) => `${c.slug} ${c.name}`).join('\n');
    if (state.courts.map((c) => `${c.slug} ${c.name}`).join('\n') !== courtsBefore) return declined('CourtsChanged');

    // What Astro renders, and the entries those pages show.
    const names = new Set(removed.map((e) => e.name));
    const slugOf = new Map(state.courts.map((c) => [c.name, c.slug]));
    const lists: OnlyPagesFile['lists'] = {};
    for (const entry of removed) (lists[slugOf.get(entry.court)!] ??= []).push(monthOf(entry));
    const only: OnlyPagesFile = { entries: [...gone, ...entries.filter((e) => names.has(e.name)).map((e) => e.id)], lists };
    const shown = new Set(only.entries);
    const newestLeft = new Map(Object.keys(lists).map((slug) => [slug, PAGE_SIZE]));
    const astroState: BuildState = {
      ...state,
      entries: entries.filter((e) => {
        const slug = slugOf.get(e.court)!;
        const left = newestLeft.get(slug);
        const newest = left !== undefined && left > 0; // entries are sorted newest first
        if (newest) newestLeft.set(slug, left - 1);
        return shown.has(e.id) || newest || !!lists[slug]?.includes(monthOf(e));
      }),
    };

    // Each appears whole (Astro may be polling for them): the list of pages first, then the state.
    for (const [file, data] of [['only.json', only], ['astro-state.json', astroState]] as const) await writeFileAtomic(path.join(work, file), JSON.stringify(data));
    lap('decide');

    // 2. Pages in Astro's process; exports and search index in this one.
    const pieces = await exportPieceCache(layout.pieces);
    const meanwhile = (async () => {
      const liveDir = await realpath(layout.live);
      await mkdir(extra, { recursive: true });
      // Started one after another, so each file is written while the next is serialised.
      const written = Promise.all([
        writeSearchIndex(path.join(extra, SEARCH_INDEX_DIR), await removeFromSearchIndex(removed, readIndexFile(path.join(liveDir, SEARCH_INDEX_DIR)), notices)),
        // The same writer as the full build's: only the removed entries' months are made anew.
        writeExports(extra, state, changes, pieces),
        writeDeploymentFiles(extra, state),
        writeFreshness(extra, state),
      ]);
      // The removed entries' data; a string found is a leak unless a published entry shows it too (a namesake).
      const sensitive = removed.map((e) => hiddenParty(e.id, 'decided', e));
      const pinyin = new PinyinMemo(JSON.parse(await readFile(path.join(path.dirname(statePath), PINYIN_FILE), 'utf8').catch(() => '[]')) as [string, string][]);
      const isPublic = isPublicText(entries, state.measures, pinyin);
      const codes = publishedCreditCodes(state);
      const [, exported] = await written;
      // A delisting is a new version: its delta, the courts' feeds, index.json and its signature.
      await writeOpenData(extra, layout.out, state, changes, { live: liveDir, touched: gone });
      const checked = await verifyOutput(extra, sensitive, codes, isPublic);
      return { liveDir, sensitive, codes, isPublic, pinyin, checked, exported };
    })();
    // Both settle before anything else happens, so a failure on one side never leaves the other writing.
    const [rendered, prepared] = await Promise.allSettled([astro, meanwhile]);
    if (rendered.status === 'rejected') throw rendered.reason;
    if (prepared.status === 'rejected') throw prepared.reason;
    const { liveDir, sensitive, codes, isPublic, pinyin, checked, exported } = prepared.value;
    lap('render');
    // The notices list grew: the full-text index is rebuilt from the pages just rendered (fulltext.ts).
    const fullText = await rebuildFullText(state, staging, liveDir);
    lap('fulltext');

    // 3. Verify the pages too, before anything goes live.
    const pages = await verifyOutput(staging, sensitive, codes, isPublic);
    const leaks: Leak[] = [...checked.leaks, ...pages.leaks];
    if (leaks.length) {
      for (const leak of leaks.slice(0, 50)) console.error(formatLeak(leak, work));
      throw new Error(`隐私检查未通过：${leaks.length} 处泄露。未应用，站点不变。`);
    }
    lap('verify');
    // Compressed copies of the verified files; each goes live with its file, below.
    // The assembled exports' copies after the tree's: a walk that met their temporary files would trip on them.
    await Promise.all([precompressTree(staging), precompressTree(extra, ASSEMBLED_FILES).then(() => exported.writeGzips(extra))]);
    lap('precompress');

    // 4. Apply. The ledger first: a run killed after it finds the ledger ahead of the state and
    // leaves the rest to a full build, so no published seq is ever given to another event.
    await appendLedger(layout, events);
    failpoint('express:ledger-appended');
    // Then personal data leaves: search index, entry pages, month pages that no longer exist
    // (they are not re-rendered, so they go before anything announces the removal), the render
    // cache's copies of what is re-rendered here (missing copies are simply rendered anew);
    // then lists and exports; the feeds, notices and 410 lists last.
    const dropped: string[] = [];
    for (const [slug, months] of Object.entries(lists)) {
      const court = state.courts.find((c) => c.slug === slug)!;
      for (const month of new Set(months)) {
        const count = court.months.find((m) => m.month === month)?.count ?? 0;
        const dir = path.join('list', slug, month);
        if (count === 0) dropped.push(dir);
        else for (const page of await readdir(path.join(liveDir, dir)).catch(() => [] as string[])) {
          if (/^\d+$/.test(page) && Number(page) > Math.ceil(count / PAGE_SIZE)) dropped.push(path.join(dir, page));
        }
      }
    }
    const listed = async (root: string) => {
      const files: { root: string; file: string }[] = [];
      for await (const file of filesUnder(root)) if (!isPrecompressedCopy(file)) files.push({ root, file: path.relative(root, file) });
      return files;
    };
    const stagedPages = await listed(staging);
    const pageFiles = stagedPages.map(({ file }) => file);
    const staged = [...(await listed(extra)), ...stagedPages];
    const rank = (f: string) => (f.startsWith(`${SEARCH_INDEX_DIR}${path.sep}`) ? 0 : f.startsWith(`entry${path.sep}`) ? 1 : f.startsWith(`list${path.sep}`) || f.startsWith(`data${path.sep}entries.`) ? 3 : 4);
    staged.sort((a, b) => rank(a.file) - rank(b.file));
    // The full-text index's entry file names its new files: it goes after them.
    staged.sort((a, b) => Number(a.file === FULLTEXT_ENTRY) - Number(b.file === FULLTEXT_ENTRY));
    const cache = path.join(layout.astroCache, 'dist');
    const removeDropped = async () => {
      for (const dir of dropped) await rm(path.join(liveDir, dir), { recursive: true, force: true });
      for (const dir of dropped) await rm(path.join(cache, dir), { recursive: true, force: true });
      for (const file of pageFiles) await rm(path.join(cache, file), { force: true });
    };
    let droppedDone = false;
    for (const { root, file } of staged) {
      if (!droppedDone && rank(file) > 1) {
        await removeDropped();
        droppedDone = true;
      }
      await mkdir(path.dirname(path.join(liveDir, file)), { recursive: true });
      await replaceWithPrecompressed(path.join(root, file), path.join(liveDir, file));
    }
    if (!droppedDone) await removeDropped();
    await removeStaleFullText(liveDir, fullText);
    lap('apply');
    const liveAt = performance.now();

    // Live and verified. The live build's state is now this one: the next express delisting
    // starts from it. (Killed before it is written, the next one finds the ledger ahead of the
    // state and leaves the work to a full build.) The pinyin kept is of names still published:
    // .work is part of the output folder too.
    await writeFileAtomic(statePath, JSON.stringify(state));
    await writeFileAtomic(path.join(path.dirname(statePath), PINYIN_FILE), JSON.stringify(entries.filter((e) => e.kind === 'person').map((e) => [e.name, pinyin.of(e)])));
    // An older release, if any, still has every page as it was.
    await pruneReleases(layout);
    await pieces.prune();
    lap('clean-up');
    const files = checked.files + pages.files;
    const delays = decisionDelays(publishState.decisions, events, options.today);
    for (const d of delays) log(formatDecisionDelay(d));
    log(`快速撤下 ${removed.map((e) => e.id).join('、')}：${stages.map((s) => `${s.stage} ${(s.ms / 1000).toFixed(1)}s`).join('  ')}；检查并替换 ${files} 个文件。`);
    const report: ExpressReport = { stamp, liveAt, removed: removed.map((e) => e.id), stages, files, lateDecisions: delays.filter((d) => d.late) };
    // Beside the live build's own report: one line per express publication since.
    await appendFile(path.join(path.dirname(statePath), 'express-reports.jsonl'), `${JSON.stringify(report)}\n`);
    return { status: 'applied', report };
  } finally {
    stopAstro.abort(); // when this declined or failed before Astro was done
    await astro.catch(() => {});
    await rm(work, { recursive: true, force: true });
  }
}

