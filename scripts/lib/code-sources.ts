// Which source files are the code of a publication, for the hashes that say "other code":
// rendererSources for the pages (publish.ts rendererVersion: other code renders every page
// again) and codeSources for all of it (inputs.ts codeVersion: other code publishes again).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importsOf, readerSources } from './read-cache.ts';
import { filesUnder } from './walk.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Where the code that publishes starts: the commands that publish, the module package.json
 * preloads into each of their processes, and what they start by path rather than by import,
 * which no import leads to: the stages (stage.ts runStage forks `scripts/stages/<name>.ts`) and
 * the worker threads (`new Worker(new URL(…))`). Not the benchmarks, the tests' and the dev
 * tools: a change to one of those publishes nothing again (at 1,000,000 entries other code
 * rewrites every whole-list download). tests/unit/inputs.test.ts runs publications and checks
 * that every module they loaded from scripts/ and site/ is among codeSources.
 */
export const PUBLISHING_ENTRY_POINTS = [
  'scripts/build.ts', 'scripts/delist.ts', 'scripts/watch.ts', 'scripts/lib/compile-cache.ts',
  'scripts/stages/astro.ts', 'scripts/stages/astro-slice.ts', 'scripts/lib/verify-worker.ts', 'scripts/lib/verify-ahead-worker.ts',
];

/**
 * The files that decide how a page looks, sorted, with their bytes as read (once each): every
 * file under site/, Astro's configuration, and the library modules they import, followed through
 * their imports (read-cache.ts readerSources). Within site/ imports are Vite's (they may leave out
 * the extension), so only the ones that leave site/ are followed.
 */
export async function rendererFiles(root = ROOT): Promise<Map<string, Buffer>> {
  const site = path.join(root, 'site');
  const own = [path.join(root, 'astro.config.mjs')].filter(existsSync);
  if (existsSync(site)) for await (const file of filesUnder(site)) own.push(file);
  const files = new Map<string, Buffer>(await Promise.all(own.map(async (file) => [file, await readFile(file)] as const)));
  const library = new Set<string>();
  for (const [file, bytes] of files) {
    for (const specifier of importsOf(bytes.toString('utf8'))) {
      const target = path.resolve(path.dirname(file), specifier);
      if (specifier.startsWith('.') && !target.startsWith(`${site}${path.sep}`)) library.add(target);
    }
  }
  for (const [file, bytes] of (await readerSources([...library])).files) files.set(file, bytes);
  return sortedByName(files);
}

/** The files rendererFiles reads, sorted. */
export async function rendererSources(root = ROOT): Promise<string[]> {
  return [...(await rendererFiles(root)).keys()];
}

/** The source files of the code that publishes, sorted, with their bytes: PUBLISHING_ENTRY_POINTS that `root` has, followed through their imports, and rendererFiles. */
export async function codeFiles(root = ROOT): Promise<Map<string, Buffer>> {
  const entries = PUBLISHING_ENTRY_POINTS.map((file) => path.join(root, file)).filter(existsSync);
  return sortedByName(new Map([...(await readerSources(entries)).files, ...(await rendererFiles(root))]));
}

/** The files codeFiles reads, sorted. */
export async function codeSources(root = ROOT): Promise<string[]> {
  return [...(await codeFiles(root)).keys()];
}

function sortedByName<T>(files: ReadonlyMap<string, T>): Map<string, T> {
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
