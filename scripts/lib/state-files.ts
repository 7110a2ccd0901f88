// The published state on disk, as the pages read it (site/lib/state.ts) and the next
// publication compares and patches from it (publish.ts): a folder with a head — everything
// but the entries — and the entries as lines, in chunks.
//
// Why not one JSON file: its text passes V8's longest string (about 512 MB, 2^29 characters)
// somewhere below a million entries, and the page process of a patch, which renders a few
// dozen pages from the props the plan hands it (plan.ts), needs the head alone: parsing all
// 100,000 entries there cost seconds of every delisting.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import type { BuildState } from './build-state.ts';
import type { PublishedEntry } from './publish-state.ts';
import { entryJson } from './json-text.ts';

/** The state's folder in a publication's work folder (release.ts layout), beside outputs.json. */
export const STATE_DIR = 'state';

/** Written last and whole: a reader that finds it finds every chunk it names. */
export const STATE_HEAD = 'head.json';

/** About 17 MB of text a chunk at the sample's entry sizes. */
const ENTRIES_PER_CHUNK = 25_000;

type StateHead = Omit<BuildState, 'entries'> & { entryChunks: number };

const chunkFile = (dir: string, i: number) => path.join(dir, `entries-${String(i).padStart(4, '0')}.jsonl`);

export interface StagedState {
  /** A hash of the state as written, its build time aside: equal means nothing to publish. */
  content: string;
  /** Writes the head, after which readers see the state. */
  commit(): Promise<void>;
}

/**
 * Writes the entries' chunks into `dir` (made anew) and returns the content hash; the head is
 * written by `commit()`, so a publication that finds nothing to publish never shows a reader a
 * state (Astro's process waits for the head, site/lib/state.ts).
 */
export async function stageState(dir: string, state: BuildState, entriesPerChunk = ENTRIES_PER_CHUNK): Promise<StagedState> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  // The build time is the only thing that differs between two runs over the same content. It is
  // in the head, never in an entry (an entry carries dates and versions, not the time of a build),
  // so only the head is searched for it.
  const blank = (text: string) => text.replaceAll(state.builtAt, '');
  const hash = createHash('sha256');
  const { entries, ...rest } = state;
  let chunks = 0;
  for (let i = 0; i < entries.length; i += entriesPerChunk) {
    let text = '';
    for (const entry of entries.slice(i, i + entriesPerChunk)) text += `${JSON.stringify(entry.id)}\t${entryJson(entry)}\n`;
    const bytes = Buffer.from(text); // encoded once, for the hash and the file
    hash.update(bytes);
    await writeFile(chunkFile(dir, chunks++), bytes);
  }
  const head = JSON.stringify({ ...rest, entryChunks: chunks } satisfies StateHead);
  hash.update(blank(head));
  return { content: hash.digest('base64url'), commit: () => writeFileAtomic(path.join(dir, STATE_HEAD), head) };
}

/** Writes the whole state into `dir`. */
export async function writeState(dir: string, state: BuildState, entriesPerChunk?: number): Promise<string> {
  const staged = await stageState(dir, state, entriesPerChunk);
  await staged.commit();
  return staged.content;
}

/**
 * A line is the entry's id as JSON, a tab, and the entry as JSON (JSON text has no raw tab):
 * a reader that wants a few entries parses only those.
 */
function entriesOfChunk(text: string, keep?: (id: string) => boolean): PublishedEntry[] {
  const entries: PublishedEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    if (!keep || keep(JSON.parse(line.slice(0, tab)) as string)) entries.push(JSON.parse(line.slice(tab + 1)) as PublishedEntry);
  }
  return entries;
}

/**
 * The state in `dir`, or null when there is none (or it cannot be read). `keep` limits the
 * entries to the ids it accepts (the rest are parsed and dropped): a patch needs the live
 * records of the few entries it changes, not a second copy of the list.
 */
export async function readState(dir: string, keep?: (id: string) => boolean): Promise<BuildState | null> {
  try {
    const { entryChunks, ...head } = JSON.parse(await readFile(path.join(dir, STATE_HEAD), 'utf8')) as StateHead;
    const entries: PublishedEntry[] = [];
    for (let i = 0; i < entryChunks; i++) entries.push(...entriesOfChunk(await readFile(chunkFile(dir, i), 'utf8'), keep));
    return { ...head, entries };
  } catch {
    return null;
  }
}

/** The state in `dir` without its entries (courts, notices, the site…), or null when there is none. */
export async function readStateHead(dir: string): Promise<Omit<BuildState, 'entries'> | null> {
  try {
    const { entryChunks: _, ...head } = JSON.parse(await readFile(path.join(dir, STATE_HEAD), 'utf8')) as StateHead;
    return head;
  } catch {
    return null;
  }
}

async function* linesOf(dir: string): AsyncGenerator<{ id: string; line: string }> {
  const { entryChunks } = JSON.parse(await readFile(path.join(dir, STATE_HEAD), 'utf8')) as StateHead;
  for (let i = 0; i < entryChunks; i++) {
    for (const line of (await readFile(chunkFile(dir, i), 'utf8')).split('\n')) if (line) yield { id: line.slice(0, line.indexOf('\t')), line };
  }
}

const entryOfLine = (line: string) => JSON.parse(line.slice(line.indexOf('\t') + 1)) as PublishedEntry;

/**
 * The entries that differ between two states' folders, compared as written (no entry is
 * parsed unless it differs): `before`, the records in `from` of entries changed or gone;
 * `after`, the records in `to` of entries changed or new. Both in list order.
 */
export async function changedEntries(from: string, to: string): Promise<{ before: PublishedEntry[]; after: PublishedEntry[] }> {
  const old = new Map<string, string>();
  for await (const { id, line } of linesOf(from)) old.set(id, line);
  const after: PublishedEntry[] = [];
  for await (const { id, line } of linesOf(to)) {
    if (old.get(id) === line) old.delete(id);
    else after.push(entryOfLine(line));
  }
  return { before: [...old.values()].map(entryOfLine), after };
}

/**
 * For the page process, which reads synchronously: the head now (`head` is its text), the
 * entries on first use. Only pages that list entries without a plan's props touch them.
 */
export function lazyState(dir: string, head: string): BuildState {
  const { entryChunks, ...state } = JSON.parse(head) as StateHead;
  let entries: PublishedEntry[] | undefined;
  return Object.defineProperty(state, 'entries', {
    enumerable: true,
    get(): PublishedEntry[] {
      entries ??= Array.from({ length: entryChunks }, (_, i) => entriesOfChunk(readFileSync(chunkFile(dir, i), 'utf8'))).flat();
      return entries;
    },
  }) as BuildState;
}
