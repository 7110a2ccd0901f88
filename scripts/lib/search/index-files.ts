// Writing the entry search index into a release (I/O for ./index-build.ts).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { C, type Card } from '../shared/search/format.ts';

/** Where the index lives in a release, and so its URL: /search/i/. */
export const SEARCH_INDEX_DIR = path.join('search', 'i');

/**
 * Writes the files as the iterable makes them (a new index is never held whole: index-build.ts)
 * and returns how many files, and how many entries the card shards hold: the build checks it
 * against the published count. Each file goes to a temporary name first and is renamed into
 * place, so a file shared (hard-linked) with a live release is replaced, never changed.
 */
export async function writeSearchIndex(dir: string, files: Iterable<[file: string, text: string]>): Promise<{ files: number; cards: number }> {
  await mkdir(dir, { recursive: true });
  const made = new Set<string>([dir]);
  let written = 0;
  let cards = 0;
  const write = async ([file, text]: [string, string]) => {
    const target = path.join(dir, file);
    await writeFile(`${target}.tmp`, text);
    await rename(`${target}.tmp`, target);
  };
  let batch: [string, string][] = [];
  const flush = async () => {
    for (const folder of new Set(batch.map(([file]) => path.dirname(path.join(dir, file))))) {
      if (!made.has(folder)) await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    await Promise.all(batch.map(write));
    written += batch.length;
    batch = [];
  };
  for (const [file, text] of files) {
    if (file.startsWith('cards/')) cards += (JSON.parse(text) as (Card | null)[]).filter((c) => c !== null && c[C.slot] >= 0).length;
    batch.push([file, text]);
    if (batch.length === 64) await flush();
  }
  await flush();
  return { files: written, cards };
}

export function readIndexFile(dir: string): (file: string) => Promise<string> {
  return (file) => readFile(path.join(dir, file), 'utf8');
}
