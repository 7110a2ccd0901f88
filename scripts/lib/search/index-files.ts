// Writing the entry search index into a release (I/O for ./index-build.ts).
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomicSync } from '../atomic-write.ts';
import { C, type Card } from '../shared/search/format.ts';

/** Where the index lives in a release, and so its URL: /search/i/. */
export const SEARCH_INDEX_DIR = path.join('search', 'i');

/** Files written per turn of the event loop (about 20 ms): see writeSearchIndex. */
const FILES_PER_TURN = 512;

/**
 * Writes the files as the iterable makes them (a new index is never held whole: index-build.ts)
 * and returns how many files, and how many entries the card shards hold: the build checks it
 * against the published count. Each file is written atomically (atomic-write.ts), so a file
 * shared (hard-linked) with a live release is replaced, never changed.
 * Written synchronously, a chunk per turn of the event loop: the index is written while the
 * exports make their pieces in this thread, and an asynchronous write takes four round trips
 * (open, write, close, rename), each waiting for a piece to be made: at 1,000,000 entries
 * that wrote 17 files a second.
 */
export async function writeSearchIndex(dir: string, files: Iterable<[file: string, text: string]>): Promise<{ files: number; cards: number }> {
  const made = new Set<string>();
  let written = 0;
  let cards = 0;
  const write = (file: string, text: string) => {
    const target = path.join(dir, file);
    const folder = path.dirname(target);
    if (!made.has(folder)) mkdirSync(folder, { recursive: true });
    made.add(folder);
    writeFileAtomicSync(target, text);
  };
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of files) {
    if (file.startsWith('cards/')) cards += (JSON.parse(text) as (Card | null)[]).filter((c) => c !== null && c[C.slot] >= 0).length;
    write(file, text);
    if (++written % FILES_PER_TURN === 0) await new Promise(setImmediate);
  }
  return { files: written, cards };
}

export function readIndexFile(dir: string): (file: string) => Promise<string> {
  return (file) => readFile(path.join(dir, file), 'utf8');
}
