// Output folder layout and the atomic switch between releases.
//
//   <out>/site            symlink → releases/<stamp>: the live site, what servers serve
//   <out>/releases/<stamp> one complete, verified build each; only the live one is kept
//   <out>/ledger/changes.jsonl  the append-only change feed, kept across builds
//   <out>/.work/<stamp>    state and sensitive data of a build, and what its pages read (never served)
//   <out>/.astro-cache     Vite's and Astro's caches (compiled dependencies; no page is kept there)
//   <out>/.astro-renderer  the bundled page renderer of the last full Astro build, for patches (kept-renderer.ts)
//
// A publication that renders everything writes a new release beside the live one and only then
// renames a fresh symlink over `site` (a patch renames files inside the live release, publish.ts). rename(2) is atomic, so a reader sees the old site or the new one, never a
// half-built one, and a build killed at any moment leaves the old site serving.
import { appendFile, mkdir, open, readdir, readFile, readlink, rename, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import v8 from 'node:v8';
import type { BuildState, ChangeEvent, EntrySource } from './build-state.ts';
import type { PublishedEntry } from './publish-state.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { readState, readStateEntries, STATE_DIR } from './state-files.ts';

export interface OutputLayout {
  out: string;
  live: string;
  releases: string;
  ledger: string;
  work: string;
  astroCache: string;
  /** Astro's bundled renderer, kept by the last full build for patches (kept-renderer.ts). */
  keptRenderers: string;
  /** The bulk exports' pieces (pieces.ts), of the live release. */
  pieces: string;
}

export function layoutOf(out: string): OutputLayout {
  return {
    out,
    live: path.join(out, 'site'),
    releases: path.join(out, 'releases'),
    ledger: path.join(out, 'ledger', 'changes.jsonl'),
    work: path.join(out, '.work'),
    astroCache: path.join(out, '.astro-cache'),
    keptRenderers: path.join(out, '.astro-renderer'),
    pieces: path.join(out, '.pieces'),
  };
}

export function newStamp(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*/, '')}-${String(now.getMilliseconds()).padStart(3, '0')}-${process.pid}`;
}

export async function liveRelease(layout: OutputLayout): Promise<string | null> {
  try {
    return path.basename(await readlink(layout.live));
  } catch {
    return null;
  }
}

export async function switchLive(layout: OutputLayout, stamp: string): Promise<void> {
  const temp = `${layout.live}.next-${process.pid}`;
  await rm(temp, { force: true });
  await symlink(path.join('releases', stamp), temp);
  await rename(temp, layout.live);
}

/**
 * Deletes every release but the live one, with its work folder. An older release would still
 * hold the pages of anyone taken down since, so none is kept for rolling back: to go back,
 * rebuild from the content as it was.
 */
export async function pruneReleases(layout: OutputLayout): Promise<void> {
  const live = await liveRelease(layout);
  for (const stamp of await readdir(layout.releases).catch(() => [] as string[])) {
    if (stamp !== live) await rm(path.join(layout.releases, stamp), { recursive: true, force: true });
  }
  for (const stamp of await readdir(layout.work).catch(() => [] as string[])) {
    if (stamp !== live) await rm(path.join(layout.work, stamp), { recursive: true, force: true });
  }
}

export async function readLedger(layout: OutputLayout): Promise<ChangeEvent[]> {
  return (await readLedgerKept(layout)).events;
}

/** Beside the ledger, not in its folder (that folder is an input: inputs.ts): its events as parsed, up to a length of it. */
const parsedLedgerPath = (layout: OutputLayout) => path.join(layout.out, '.ledger-parsed.v8');
const PARSED_LEDGER_FORMAT = 'gongshi-ledger-parsed/1';
/** The parsed copy is made again once the lines read past it are this many bytes: a delisting adds one. */
const PARSED_LEDGER_LAG = 1024 * 1024;

interface ParsedLedger {
  format: typeof PARSED_LEDGER_FORMAT;
  /** Bytes of the ledger it holds, whole lines. */
  length: number;
  /** SHA-256 of those bytes: a ledger edited or restored from a backup is read whole again. */
  prefix: string;
  events: ChangeEvent[];
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

/**
 * The ledger's events, parsing only the lines after those its parsed copy holds (the ledger
 * grows at its end: at 100,000 entries it is 22 MB, decoded and parsed whole by every
 * publication before). `keep()` makes the copy again when the lines parsed here have grown
 * past PARSED_LEDGER_LAG: call it once the publication is live (its events are read as lines
 * by the next run until then). The copy is checked (checksum, format, the hash of the bytes
 * it stands for) and read afresh when anything is off; it holds what the ledger holds.
 */
export async function readLedgerKept(layout: OutputLayout): Promise<{ events: ChangeEvent[]; keep(): Promise<void> }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(layout.ledger);
  } catch {
    return { events: [], keep: async () => {} };
  }
  const kept = await readParsedLedger(layout, bytes);
  const from = kept?.length ?? 0;
  // A last line without its newline was cut off mid-append (appendLedger): the build that
  // wrote it did not finish, and the next one computes those events again.
  const whole = bytes.lastIndexOf(0x0a) + 1;
  const events = kept ? kept.events : [];
  if (whole > from) {
    for (const line of bytes.toString('utf8', from, whole).split('\n')) if (line.trim()) events.push(JSON.parse(line) as ChangeEvent);
  }
  const copy = kept && whole - from < PARSED_LEDGER_LAG ? null : { length: whole, count: events.length };
  return {
    events,
    keep: async () => {
      if (!copy) return;
      const parsed: ParsedLedger = { format: PARSED_LEDGER_FORMAT, length: copy.length, prefix: sha256(bytes.subarray(0, copy.length)).toString('hex'), events: events.slice(0, copy.count) };
      const payload = v8.serialize(parsed);
      await writeFileAtomic(parsedLedgerPath(layout), Buffer.concat([sha256(payload), payload])).catch(() => {});
    },
  };
}

async function readParsedLedger(layout: OutputLayout, bytes: Buffer): Promise<ParsedLedger | null> {
  const data = await readFile(parsedLedgerPath(layout)).catch(() => null);
  // Checked before deserialising: v8.deserialize is not meant for damaged input.
  if (!data || data.length <= 32 || !sha256(data.subarray(32)).equals(data.subarray(0, 32))) return null;
  try {
    const parsed = v8.deserialize(data.subarray(32)) as Partial<ParsedLedger>;
    const { length } = parsed;
    if (parsed.format !== PARSED_LEDGER_FORMAT || typeof length !== 'number' || !Array.isArray(parsed.events) || length > bytes.length || (length > 0 && bytes[length - 1] !== 0x0a)) return null;
    return sha256(bytes.subarray(0, length)).toString('hex') === parsed.prefix ? (parsed as ParsedLedger) : null;
  } catch {
    return null;
  }
}

/** Adds a publication's events at the end: a few lines, instead of rewriting a million. */
export async function appendLedger(layout: OutputLayout, events: readonly ChangeEvent[]): Promise<void> {
  await mkdir(path.dirname(layout.ledger), { recursive: true });
  // A line cut off by an earlier append (readLedger skips it) is cut off here, not glued to.
  const whole = await wholeLinesLength(layout.ledger);
  if (whole !== null) await truncate(layout.ledger, whole);
  await appendFile(layout.ledger, ledgerText(events));
}

/** Bytes read at a time from the ledger's end, looking for its last line break. */
const TAIL_BLOCK = 64 * 1024;

/**
 * Where the ledger's last whole line ends, when a cut-off line follows it (null when the file
 * ends in a line break, or is missing or empty). Read from the end: the file has every event
 * ever recorded, and a line break is one byte that occurs in no other UTF-8 character.
 */
async function wholeLinesLength(file: string): Promise<number | null> {
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return null;
  try {
    const { size } = await handle.stat();
    const block = Buffer.alloc(Math.min(TAIL_BLOCK, size));
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - block.length);
      const { bytesRead } = await handle.read(block, 0, end - start, start);
      const at = block.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (at >= 0) return start + at + 1 === size ? null : start + at + 1;
      end = start;
    }
    return size ? 0 : null;
  } finally {
    await handle.close();
  }
}

/** The ledger file's text: one event per line, JSON, each ending in a newline. */
export function ledgerText(events: readonly ChangeEvent[]): string {
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}

/**
 * When each entry batch was first received: SHA-256 of its bytes → the build date (`--today`) of
 * the first build of this folder that read it. Kept beside the change feed, across builds: back
 * it up with the ledger (a lost file makes every batch "received" on the next build's date).
 */
export function batchReceiptsPath(layout: OutputLayout): string {
  return path.join(path.dirname(layout.ledger), 'batches.json');
}

export async function readBatchReceipts(layout: OutputLayout): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(batchReceiptsPath(layout), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

/** The receipts with today's date for every hash not seen before; written only when something is new. */
export async function recordBatchReceipts(layout: OutputLayout, receipts: Readonly<Record<string, string>>, hashes: readonly string[], today: string): Promise<void> {
  const unseen = hashes.filter((h) => !(h in receipts));
  if (!unseen.length) return;
  await mkdir(path.dirname(layout.ledger), { recursive: true });
  await writeFileAtomic(batchReceiptsPath(layout), JSON.stringify({ ...receipts, ...Object.fromEntries(unseen.map((h) => [h, today])) }, null, 1));
}

/**
 * Per public entry, the batch its published data came from (build-state.ts withSources):
 * file names, hashes and dates, no personal data. Kept beside the change feed and written
 * ahead of it, like the receipts.
 */
export function entrySourcesPath(layout: OutputLayout): string {
  return path.join(path.dirname(layout.ledger), 'sources.json');
}

/**
 * The file lists each distinct source once and each id by the number of its source: at 100,000
 * entries a few dozen batches are the sources of all of them, and an object keyed by 100,000 ids
 * took most of a second to parse and again to write, on every publication.
 */
const ENTRY_SOURCES_FORMAT = 'gongshi-entry-sources/2';

interface EntrySourcesFile {
  format: typeof ENTRY_SOURCES_FORMAT;
  sources: EntrySource[];
  ids: string[];
  /** For each of `ids`, the index of its source in `sources`. */
  of: number[];
}

export async function readEntrySources(layout: OutputLayout): Promise<Map<string, EntrySource>> {
  try {
    const kept = JSON.parse(await readFile(entrySourcesPath(layout), 'utf8')) as EntrySourcesFile | Record<string, EntrySource>;
    // The first layout, one object keyed by id: still read, and written in the new one.
    if (kept.format !== ENTRY_SOURCES_FORMAT) return new Map(Object.entries(kept as Record<string, EntrySource>));
    const { sources, ids, of } = kept as EntrySourcesFile;
    const map = new Map<string, EntrySource>();
    for (let i = 0; i < ids.length; i++) {
      const source = sources[of[i]!];
      if (source) map.set(ids[i]!, source);
    }
    return map;
  } catch {
    return new Map();
  }
}

export async function writeEntrySources(layout: OutputLayout, sources: ReadonlyMap<string, EntrySource>): Promise<void> {
  await mkdir(path.dirname(layout.ledger), { recursive: true });
  const distinct = new Map<string, number>();
  // Kept sources read from this file are shared by their entries: each is written out once.
  const known = new Map<EntrySource, number>();
  const file: EntrySourcesFile = { format: ENTRY_SOURCES_FORMAT, sources: [], ids: [], of: [] };
  for (const [id, source] of sources) {
    let at = known.get(source);
    if (at === undefined) {
      const text = JSON.stringify(source); // key order included: an entry carries its source's keys in order
      at = distinct.get(text);
      if (at === undefined) {
        distinct.set(text, (at = file.sources.length));
        file.sources.push(source);
      }
      known.set(source, at);
    }
    file.ids.push(id);
    file.of.push(at);
  }
  await writeFileAtomic(entrySourcesPath(layout), JSON.stringify(file));
}

/** Beside a build's state (state-files.ts): the pinyin of the names it read (see PinyinMemo). */
export const PINYIN_FILE = 'pinyin.json';

/**
 * The state the live release was rendered from (kept outside the release: it is not for the
 * public), or null when there is none. `keep`: only the entries whose ids it accepts.
 */
export async function readLiveState(layout: OutputLayout, keep?: (id: string) => boolean): Promise<BuildState | null> {
  const live = await liveRelease(layout);
  return live ? readState(path.join(layout.work, live, STATE_DIR), keep) : null;
}

/** Of the state the live release was rendered from, the entries with these ids, reading only their chunks (null: no live state). */
export async function readLiveEntries(layout: OutputLayout, ids: readonly string[]): Promise<PublishedEntry[] | null> {
  const live = await liveRelease(layout);
  return live ? readStateEntries(path.join(layout.work, live, STATE_DIR), ids) : null;
}

/**
 * One publisher at a time per output folder. Watch, `npm run delist` and a manual build may
 * run at once; two of them patching the live release or numbering change events together
 * would corrupt both, so the second waits. A lock left by a process that died is taken over.
 */
export async function withPublishLock<T>(layout: OutputLayout, work: () => Promise<T>, onWait?: (holder: number) => void): Promise<T> {
  const file = path.join(layout.out, '.publish.lock');
  await mkdir(layout.out, { recursive: true });
  let told = false;
  for (let emptyReads = 0; ; ) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue; // released just now
    const holder = Number(text);
    // An empty file is a lock being written; one that stays empty belongs to a process that died.
    const stale = text === '' ? ++emptyReads > 40 : holder === process.pid ? !holding : !processAlive(holder);
    if (stale) {
      await rm(file, { force: true });
      continue;
    }
    if (!told && text !== '') {
      onWait?.(holder);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  holding = true;
  try {
    return await work();
  } finally {
    holding = false;
    await rm(file, { force: true });
  }
}

/** Whether this process holds a publish lock (a lock naming our pid, left before a restart, is stale). */
let holding = false;

/** Whether a process with this id is running (for locks and folders left by a process that died). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
