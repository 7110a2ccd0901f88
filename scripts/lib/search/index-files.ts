// Writing the entry search index into a release (I/O for ./index-build.ts).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IndexFiles } from './index-build.ts';
import { C, type Card } from '../shared/search/format.ts';

/** Where the index lives in a release, and so its URL: /search/i/. */
export const SEARCH_INDEX_DIR = path.join('search', 'i');

/**
 * Writes the files and returns how many entries the card shards hold: the build checks it
 * against the published count. Each file goes to a temporary name first and is renamed into
 * place, so a file shared (hard-linked) with a live release is replaced, never changed.
 */
export async function writeSearchIndex(dir: string, files: IndexFiles): Promise<number> {
  const dirs = new Set([...files.keys()].map((f) => path.dirname(path.join(dir, f))));
  for (const d of dirs) await mkdir(d, { recursive: true });
  const list = [...files];
  let cards = 0;
  for (let i = 0; i < list.length; i += 64) {
    await Promise.all(list.slice(i, i + 64).map(async ([file, text]) => {
      const target = path.join(dir, file);
      await writeFile(`${target}.tmp`, text);
      await rename(`${target}.tmp`, target);
    }));
  }
  for (const [file, text] of files) if (file.startsWith('cards/')) cards += (JSON.parse(text) as (Card | null)[]).filter((c) => c !== null && c[C.slot] >= 0).length;
  return cards;
}

export function readIndexFile(dir: string): (file: string) => Promise<string> {
  return (file) => readFile(path.join(dir, file), 'utf8');
}
