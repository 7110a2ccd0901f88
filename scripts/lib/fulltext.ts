// Full-text search over what journalists read: cases, removal notices, the measures catalog
// and the guides, built with Pagefind into /pagefind/ of a release (the search page's
// "案例与说明" section, site/browser/fulltext-client.ts).
//
// The entry search (./search/) is our own exact index: people are found by name, id or case
// number, never by words in free text. Pagefind must never see a page that shows a person, so
// pages are chosen positively, twice over: the list of files comes from the published state
// (fullTextPages), and each of those pages must carry `data-pagefind-body` (Base.astro sets it
// only when a page asks, and only case, notice, catalog and guide pages ask). Entry pages,
// entry lists and month pages are never handed to Pagefind. Every page is read with the
// language of its <html lang> (zh-cn): Pagefind's extended binary, which the npm package runs,
// segments Chinese into words (ICU4X) for that language, as Intl.Segmenter does for the query.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import type { BuildState } from './build-state.ts';
import { NOTICES_PER_PAGE } from './list-pages.ts';
import { refusal, RefusalError } from './refusals.ts';

/** Where the index lives in a release, and so its URL: /pagefind/pagefind.js. */
export const FULLTEXT_DIR = 'pagefind';

/** The attribute a page must carry to be indexed (Base.astro's `fulltext` prop). */
const BODY_ATTRIBUTE = 'data-pagefind-body';

/** The guides: fixed pages that explain, and show no one. */
export const GUIDE_PAGES = ['about/index.html', 'correction/index.html', 'data/index.html', 'stats/index.html'] as const;

/**
 * Every page whose text is searchable, relative to the release: each published case, each page
 * of removal notices (a notice row holds a date, type, court, case number, document number and
 * ground, never a name), the measures catalog and the guides. The measures' unit pages repeat
 * the catalog and are left out, so a measure is found once.
 */
export function fullTextPages(state: Pick<BuildState, 'cases' | 'gone'>): string[] {
  const noticePages = Math.max(1, Math.ceil(state.gone.length / NOTICES_PER_PAGE));
  return [
    ...state.cases.map((c) => `cases/${c.slug}/index.html`),
    ...Array.from({ length: noticePages }, (_, i) => (i === 0 ? 'notices/index.html' : `notices/${i + 1}/index.html`)),
    'measures/index.html',
    ...GUIDE_PAGES,
  ];
}

/** The full-text index cannot be made as it must be: a refusal with its code (refusals.ts). */
export class FullTextError extends RefusalError {}

const READ_AHEAD = 32;

export interface FullTextReport {
  pages: number;
  files: number;
  bytes: number;
  ms: number;
}

/**
 * Files Pagefind writes that our own UI does not use: its default UIs, their styles, the
 * highlighter and the web worker (the search page runs Pagefind on the main thread, so the
 * worker, whose own CSP would need wasm too, is never asked for). Not shipping them keeps the
 * release to what is served.
 */
const UNUSED_OUTPUT = /^pagefind-(ui|modular-ui|component-ui|highlight|worker)\.(js|css)$/;

/**
 * Indexes `pages` (paths relative to a release, as fullTextPages gives them), read by `read`,
 * into `outDir`, and checks the count: Pagefind must report exactly these pages, in one
 * language. Throws FullTextError, in Chinese for the operator, on any error or mismatch.
 */
export async function writeFullTextIndex(pages: readonly string[], read: (page: string) => Promise<string>, outDir: string): Promise<FullTextReport> {
  const started = performance.now();
  await rm(outDir, { recursive: true, force: true });
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (!index || errors.length) throw new FullTextError(refusal('FullTextUnavailable', { errors: errors.join('；') }));
    const readPage = async (page: string) => {
      const html = await read(page).catch(() => {
        throw new FullTextError(refusal('FullTextPageMissing', { page }));
      });
      if (!html.includes(BODY_ATTRIBUTE)) throw new FullTextError(refusal('FullTextPageUnmarked', { page, attribute: BODY_ATTRIBUTE }));
      return html;
    };
    // Pages are read ahead, but handed to Pagefind one at a time and in order: the files it
    // writes depend on the order pages arrive in, and a build of everything and a patch
    // must write the same index from the same pages.
    for (let i = 0; i < pages.length; i += READ_AHEAD) {
      const batch = pages.slice(i, i + READ_AHEAD);
      const htmls = await Promise.all(batch.map(readPage));
      for (const [k, page] of batch.entries()) {
        const added = await index.addHTMLFile({ sourcePath: page, content: htmls[k]! });
        if (added.errors.length) throw new FullTextError(refusal('FullTextPageRejected', { page, errors: added.errors.join('；') }));
      }
    }
    const written = await index.writeFiles({ outputPath: outDir });
    if (written.errors.length) throw new FullTextError(refusal('FullTextUnwritten', { errors: written.errors.join('；') }));
  } finally {
    // The service is a child process: left running, it would keep this one alive.
    await pagefind.close();
  }
  for (const name of await readdir(outDir)) if (UNUSED_OUTPUT.test(name)) await rm(path.join(outDir, name));
  const entry = JSON.parse(await readFile(path.join(outDir, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
  const languages = Object.entries(entry.languages);
  const indexed = languages.reduce((sum, [, l]) => sum + l.page_count, 0);
  if (indexed !== pages.length) {
    throw new FullTextError(refusal('FullTextCount', { pages: pages.length, indexed }));
  }
  // One language, Chinese: a page in another would be searched without Chinese word segmentation.
  if (pages.length && (languages.length !== 1 || !languages[0]![0].startsWith('zh'))) {
    throw new FullTextError(refusal('FullTextLanguage', { languages: languages.map(([l]) => l).join('、') }));
  }
  const { files, bytes } = await sizeOf(outDir);
  return { pages: indexed, files, bytes, ms: performance.now() - started };
}

/** Builds the index of a whole release from its own pages. */
export function writeReleaseFullText(release: string, state: Pick<BuildState, 'cases' | 'gone'>): Promise<FullTextReport> {
  return writeFullTextIndex(fullTextPages(state), (page) => readFile(path.join(release, page), 'utf8'), path.join(release, FULLTEXT_DIR));
}

async function sizeOf(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const item of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!item.isFile()) continue;
    files++;
    bytes += (await stat(path.join(item.parentPath, item.name))).size;
  }
  return { files, bytes };
}

/** The file that names the index's other files (relative to a release): replaced last. */
export const FULLTEXT_ENTRY = path.join(FULLTEXT_DIR, 'pagefind-entry.json');

/**
 * A patch of the live release (publish.ts): the index again, into the staged pages' folder,
 * from the pages Astro just rendered there (a page it did not render is read from the live
 * release), so that it is exactly the index a build of everything from the same state makes.
 *
 * Pagefind names its files by their content, so most are the live release's files again (the
 * fragments of unchanged pages): those are dropped from the staging folder, and only the new
 * ones are verified and applied. Returns every file of the new index (relative to a release),
 * for removeStaleFullText.
 */
export async function rebuildFullText(state: Pick<BuildState, 'cases' | 'gone'>, staging: string, live: string): Promise<string[]> {
  const read = (page: string) => readFile(path.join(staging, page), 'utf8').catch(() => readFile(path.join(live, page), 'utf8'));
  await writeFullTextIndex(fullTextPages(state), read, path.join(staging, FULLTEXT_DIR));
  const files: string[] = [];
  for (const item of await readdir(path.join(staging, FULLTEXT_DIR), { withFileTypes: true, recursive: true })) {
    if (!item.isFile()) continue;
    const file = path.relative(staging, path.join(item.parentPath, item.name));
    files.push(file);
    const liveBytes = await readFile(path.join(live, file)).catch(() => null);
    if (liveBytes && liveBytes.equals(await readFile(path.join(staging, file)))) await rm(path.join(staging, file));
  }
  return files;
}

/**
 * After the staged index replaced the live one file by file: the live files the new index does
 * not have (`wanted`, relative to the release), with their compressed copies.
 */
export async function removeStaleFullText(live: string, wanted: readonly string[]): Promise<void> {
  const keep = new Set(wanted);
  if (keep.size === 0) return; // no new index: the live one stays whole
  for (const item of await readdir(path.join(live, FULLTEXT_DIR), { withFileTypes: true, recursive: true })) {
    if (!item.isFile()) continue;
    const file = path.relative(live, path.join(item.parentPath, item.name));
    if (!keep.has(file.replace(/\.(gz|br)$/, ''))) await rm(path.join(live, file), { force: true });
  }
}
