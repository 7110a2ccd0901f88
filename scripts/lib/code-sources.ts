// Which source files are the code of what, for the hashes that say "other code": a module and
// what it imports (readerSources, readerCodeVersion: the reading code of the read cache, the
// search index's tokens, the output keys, the privacy verdicts); rendererFiles for the pages
// (publish.ts rendererVersion: other code renders every page again); codeFiles for all of a
// publication (inputs.ts codeVersion: other code publishes again). Each such hash covers no more
// than the code it names: a change elsewhere must not make a million entries' work again.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageOf } from './locked-packages.ts';
import { filesUnder } from './walk.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Relative and bare module specifiers a source file imports at run time (type-only imports are erased). */
export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const match of source.matchAll(pattern)) {
    if (match[2]) continue;
    specifiers.push((match[3] ?? match[4])!);
  }
  return specifiers;
}

/**
 * The code of `roots`: their source files and of every module they import at run time,
 * followed transitively, and the packages imported on the way.
 */
export async function readerSources(roots: readonly string[]): Promise<{ files: Map<string, Buffer>; packages: string[] }> {
  const files = new Map<string, Buffer>();
  const packages = new Set<string>();
  // A wave at a time, each wave's files read together: this is on every publication's way (inputs.ts).
  let wave = [...new Set(roots.map((r) => path.resolve(r)))];
  while (wave.length) {
    const read = await Promise.all(wave.map(async (file) => [file, await readFile(file)] as const));
    const next = new Set<string>();
    for (const [file, source] of read) {
      files.set(file, source);
      for (const specifier of importsOf(source.toString('utf8'))) {
        const target = path.resolve(path.dirname(file), specifier);
        if (specifier.startsWith('.')) next.add(target);
        else if (!specifier.startsWith('node:')) packages.add(packageOf(specifier));
      }
    }
    wave = [...next].filter((file) => !files.has(file));
  }
  return { files, packages: [...packages].sort() };
}

/**
 * A hash of the code of `roots` (readerSources) with the version of each package it uses and of
 * Node itself (its TextDecoder and serializer are part of the read). Computed from the files,
 * not bumped by hand, so a change to the readers can never reuse a read made by the old code.
 */
export async function readerCodeVersion(roots: readonly string[], projectRoot = ROOT): Promise<string> {
  const { files, packages } = await readerSources(roots);
  const hash = createHash('sha256').update(`node ${process.version}\n`);
  for (const file of [...files.keys()].sort()) hash.update(`${path.relative(projectRoot, file)}\n`).update(files.get(file)!).update('\n');
  for (const name of packages) {
    const version = await readFile(path.join(projectRoot, 'node_modules', name, 'package.json'), 'utf8')
      .then((text) => String((JSON.parse(text) as { version?: unknown }).version))
      .catch(() => 'missing');
    hash.update(`${name}@${version}\n`);
  }
  return hash.digest('hex');
}

/**
 * Where the code that publishes starts: the commands that publish, the module package.json
 * preloads into each of their processes, and what they start by path rather than by import,
 * which no import leads to: the stages (stage.ts runStage forks `scripts/stages/<name>.ts`) and
 * the worker threads (`new Worker(new URL(…))`). Not the benchmarks, the tests' and the dev
 * tools: a change to one of those publishes nothing again (at 1,000,000 entries other code
 * rewrites every whole-list download). tests/unit/inputs.test.ts runs publications and checks
 * that every module they loaded from scripts/ and site/ is among codeFiles.
 */
export const PUBLISHING_ENTRY_POINTS = [
  'scripts/build.ts', 'scripts/delist.ts', 'scripts/watch.ts', 'scripts/lib/compile-cache.ts',
  'scripts/stages/astro.ts', 'scripts/stages/astro-slice.ts', 'scripts/lib/verify-worker.ts', 'scripts/lib/verify-ahead-worker.ts',
];

/**
 * The files that decide how a page looks, sorted, with their bytes as read (once each): every
 * file under site/, Astro's configuration, and the library modules they import, followed through
 * their imports (readerSources). Within site/ imports are Vite's (they may leave out
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

/** The source files of the code that publishes, sorted, with their bytes: PUBLISHING_ENTRY_POINTS that `root` has, followed through their imports, and rendererFiles. */
export async function codeFiles(root = ROOT): Promise<Map<string, Buffer>> {
  const entries = PUBLISHING_ENTRY_POINTS.map((file) => path.join(root, file)).filter(existsSync);
  return sortedByName(new Map([...(await readerSources(entries)).files, ...(await rendererFiles(root))]));
}

function sortedByName<T>(files: ReadonlyMap<string, T>): Map<string, T> {
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
