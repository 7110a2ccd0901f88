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
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import type { BuildState } from './build-state.ts';
import type { PublishedEntry } from './publish-state.ts';
import { entryJson, groupDigest } from './json-text.ts';
import { newestFirst } from './list-order.ts';

/** The state's folder in a publication's work folder (release.ts layout), beside outputs.json. */
export const STATE_DIR = 'state';

/** Written last and whole: a reader that finds it finds every chunk it names. */
export const STATE_HEAD = 'head.json';

/**
 * Entries go to a chunk by a hash of their id, not by their place in the list: a removal then
 * changes one chunk, where cutting the list in order shifted every later chunk. So a patch
 * writes the chunks that changed (the others are the live state's files, linked) and the next
 * comparison (changedEntries) reads only those. 256 chunks: about 360 KB each at 100,000
 * entries, 3.6 MB at a million.
 */
const STATE_CHUNKS = 256;

/**
 * Part of each chunk's hash: a chunk is taken from the live state only when its hash is equal,
 * so a change to how chunks are written must change the hashes too.
 */
const STATE_FORMAT = 'gongshi-state/2';

/**
 * `entryChunks` is the old layout (the list cut in order): a live state of it is still read
 * (after an upgrade), and compared line by line.
 */
type StateHead = Omit<BuildState, 'entries'> & ({ format: typeof STATE_FORMAT; chunkHashes: string[] } | { format?: undefined; entryChunks: number });

const chunkFile = (dir: string, i: number) => path.join(dir, `entries-${String(i).padStart(4, '0')}.jsonl`);

/** FNV-1a of the id's UTF-16 code units: cheap, and the same in every process and on every machine. */
export function chunkOf(id: string, chunks = STATE_CHUNKS): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % chunks;
}

/** The head's chunks: file and hash (null: of the old layout, no hash). An empty chunk has no file. */
function chunksOf(dir: string, head: StateHead): { file: string; hash: string | null }[] {
  if (head.format === STATE_FORMAT) return head.chunkHashes.flatMap((hash, i) => (hash ? [{ file: chunkFile(dir, i), hash }] : []));
  return Array.from({ length: head.entryChunks }, (_, i) => ({ file: chunkFile(dir, i), hash: null }));
}

function withoutChunks(head: StateHead): Omit<BuildState, 'entries'> {
  const { format: _format, chunkHashes: _hashes, entryChunks: _chunks, ...rest } = head as StateHead & { chunkHashes?: unknown; entryChunks?: unknown };
  return rest;
}

const readHead = async (dir: string) => JSON.parse(await readFile(path.join(dir, STATE_HEAD), 'utf8')) as StateHead;

/**
 * Of the last heads read or written, what says where the chunks are and what they hold, by their
 * text: a publication compares chunks of the live head and its own, and each head is 1.5 MB of
 * JSON at 100,000 entries (every notice and the stats), read in milliseconds but parsed in tens.
 */
type ChunkList = Pick<StateHead & { chunkHashes?: string[]; entryChunks?: number }, 'format' | 'chunkHashes' | 'entryChunks'>;
const chunkLists = new Map<string, ChunkList>();

function remember(text: string, head: ChunkList): ChunkList {
  const chunks: ChunkList = head.format === STATE_FORMAT ? { format: head.format, chunkHashes: head.chunkHashes } : { entryChunks: head.entryChunks };
  chunkLists.set(text, chunks);
  if (chunkLists.size > 4) chunkLists.delete(chunkLists.keys().next().value!);
  return chunks;
}

/** The head in `dir`, of which only the chunk fields may be read. */
async function readChunkList(dir: string): Promise<StateHead> {
  const text = await readFile(path.join(dir, STATE_HEAD), 'utf8');
  return (chunkLists.get(text) ?? remember(text, JSON.parse(text) as StateHead)) as StateHead;
}

export interface StagedState {
  /** A hash of the state as written, its build time aside: equal means nothing to publish. */
  content: string;
  /** Chunks written; the rest are the live state's files. */
  written: number;
  /** Writes the head, after which readers see the state. */
  commit(): Promise<void>;
}

export interface StageOptions {
  /** How many chunks (tests use few, to have many entries in each). */
  chunks?: number;
  /**
   * The live state's folder: a chunk whose hash is the live one's is linked from there, not
   * written. Its files are never changed in place (a publication replaces the folder whole).
   */
  live?: string;
}

/**
 * Writes the entries' chunks into `dir` (made anew) and returns the content hash; the head is
 * written by `commit()`, so a publication that finds nothing to publish never shows a reader a
 * state (Astro's process waits for the head, site/lib/state.ts).
 */
export async function stageState(dir: string, state: BuildState, options: StageOptions = {}): Promise<StagedState> {
  const chunks = options.chunks ?? STATE_CHUNKS;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const liveHead = options.live ? await readChunkList(options.live).catch(() => null) : null;
  const liveHashes = liveHead?.format === STATE_FORMAT && liveHead.chunkHashes.length === chunks ? liveHead.chunkHashes : null;
  // The build time is the only thing that differs between two runs over the same content. It is
  // in the head, never in an entry (an entry carries dates and versions, not the time of a build),
  // so only the head is searched for it.
  const blank = (text: string) => text.replaceAll(state.builtAt, '');
  const { entries, ...rest } = state;
  const grouped: PublishedEntry[][] = Array.from({ length: chunks }, () => []);
  for (const entry of entries) grouped[chunkOf(entry.id, chunks)]!.push(entry);
  const hash = createHash('sha256');
  const chunkHashes: string[] = [];
  let written = 0;
  for (const [i, group] of grouped.entries()) {
    if (!group.length) {
      chunkHashes.push('');
      continue;
    }
    // A line is the entry's id as JSON, a tab, and the entry as JSON (JSON text has no raw tab):
    // a reader that wants a few entries parses only those. Hashed as UTF-16 code units, the
    // strings' own form (no encoding), and encoded only for a chunk that is written.
    // The line's two parts are hashed as they are: joined, 100,000 lines would be copied once more.
    const chunkHash = groupDigest(`chunk:${chunks}:${i}`, group, STATE_FORMAT, () => {
      const own = createHash('sha256').update(STATE_FORMAT, 'utf16le');
      for (const entry of group) own.update(`\n${JSON.stringify(entry.id)}\t`, 'utf16le').update(entryJson(entry), 'utf16le');
      return own.digest('base64url');
    });
    chunkHashes.push(chunkHash);
    hash.update(`${chunkHash}\n`);
    const file = chunkFile(dir, i);
    if (liveHashes?.[i] === chunkHash && (await link(chunkFile(options.live!, i), file).then(() => true, () => false))) continue;
    await writeFile(file, group.map((entry) => `${JSON.stringify(entry.id)}\t${entryJson(entry)}\n`).join(''));
    written++;
  }
  const head = JSON.stringify({ ...rest, format: STATE_FORMAT, chunkHashes } satisfies StateHead);
  hash.update(blank(head));
  const commit = async () => {
    await writeFileAtomic(path.join(dir, STATE_HEAD), head);
    remember(head, { format: STATE_FORMAT, chunkHashes });
  };
  return { content: hash.digest('base64url'), written, commit };
}

/** Writes the whole state into `dir`. */
export async function writeState(dir: string, state: BuildState, options?: StageOptions): Promise<string> {
  const staged = await stageState(dir, state, options);
  await staged.commit();
  return staged.content;
}

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
 * records of the few entries it changes, not a second copy of the list. Entries in the list's
 * order (newest first: publish-state.ts), whatever chunk they are in.
 */
export async function readState(dir: string, keep?: (id: string) => boolean): Promise<BuildState | null> {
  try {
    const head = await readHead(dir);
    const entries: PublishedEntry[] = [];
    for (const { file } of chunksOf(dir, head)) entries.push(...entriesOfChunk(await readFile(file, 'utf8'), keep));
    return { ...withoutChunks(head), entries: entries.sort(newestFirst) };
  } catch {
    return null;
  }
}

/**
 * Of the state in `dir`, the entries with these ids (those it has), reading only the chunks
 * they would be in; null when there is no state or it cannot be read.
 */
export async function readStateEntries(dir: string, ids: readonly string[]): Promise<PublishedEntry[] | null> {
  try {
    const head = await readHead(dir);
    if (head.format !== STATE_FORMAT) return (await readState(dir, (id) => ids.includes(id)))?.entries ?? null;
    const wanted = new Set(ids);
    const entries: PublishedEntry[] = [];
    for (const i of new Set(ids.map((id) => chunkOf(id, head.chunkHashes.length)))) {
      if (head.chunkHashes[i]) entries.push(...entriesOfChunk(await readFile(chunkFile(dir, i), 'utf8'), (id) => wanted.has(id)));
    }
    return entries.sort(newestFirst);
  } catch {
    return null;
  }
}

/** The state in `dir` without its entries (courts, notices, the site…), or null when there is none. */
export async function readStateHead(dir: string): Promise<Omit<BuildState, 'entries'> | null> {
  try {
    return withoutChunks(await readHead(dir));
  } catch {
    return null;
  }
}

/** A chunk's lines by id, unparsed. */
async function linesOf(files: readonly string[]): Promise<Map<string, string>> {
  const lines = new Map<string, string>();
  for (const file of files) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) if (line) lines.set(line.slice(0, line.indexOf('\t')), line);
  }
  return lines;
}

const entryOfLine = (line: string) => JSON.parse(line.slice(line.indexOf('\t') + 1)) as PublishedEntry;

/**
 * The entries that differ between two states' folders, compared as written (no entry is
 * parsed unless it differs): `before`, the records in `from` of entries changed or gone;
 * `after`, the records in `to` of entries changed or new. Both in list order. Chunks whose
 * hashes are equal are not read: a delisting reads two of them from each side.
 */
export async function changedEntries(from: string, to: string): Promise<{ before: PublishedEntry[]; after: PublishedEntry[] }> {
  const [a, b] = [await readChunkList(from), await readChunkList(to)];
  // Pairs of chunks to compare: by hash where both are of this layout and cut alike, else all of each side.
  const pairs: { from: string[]; to: string[] }[] = [];
  if (a.format === STATE_FORMAT && b.format === STATE_FORMAT && a.chunkHashes.length === b.chunkHashes.length) {
    a.chunkHashes.forEach((hash, i) => {
      const other = b.chunkHashes[i];
      if (hash !== other) pairs.push({ from: hash ? [chunkFile(from, i)] : [], to: other ? [chunkFile(to, i)] : [] });
    });
  } else {
    pairs.push({ from: chunksOf(from, a).map((c) => c.file), to: chunksOf(to, b).map((c) => c.file) });
  }
  const before: PublishedEntry[] = [];
  const after: PublishedEntry[] = [];
  for (const pair of pairs) {
    const old = await linesOf(pair.from);
    for (const [id, line] of await linesOf(pair.to)) {
      if (old.get(id) === line) old.delete(id);
      else after.push(entryOfLine(line));
    }
    for (const line of old.values()) before.push(entryOfLine(line));
  }
  return { before: before.sort(newestFirst), after: after.sort(newestFirst) };
}

/**
 * For the page process, which reads synchronously: the head now (`head` is its text), the
 * entries on first use. Only pages that list entries without a plan's props touch them.
 */
export function lazyState(dir: string, head: string): BuildState {
  const parsed = JSON.parse(head) as StateHead;
  const state = withoutChunks(parsed);
  let entries: PublishedEntry[] | undefined;
  return Object.defineProperty(state, 'entries', {
    enumerable: true,
    get(): PublishedEntry[] {
      entries ??= chunksOf(dir, parsed).flatMap(({ file }) => entriesOfChunk(readFileSync(file, 'utf8'))).sort(newestFirst);
      return entries;
    },
  }) as BuildState;
}
