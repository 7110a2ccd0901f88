// Each content file's read (parsed, every record validated: ingest/read-files.ts) kept by the
// SHA-256 of its bytes, so a run that finds a batch unchanged neither parses nor validates it
// again. What depends on the build date or on other files is never kept (read-files.ts says
// where that line runs); publish-state.ts decides it on every run from the kept reads.
//
// The folder holds a copy of content/'s records (validated entries with their masked numbers,
// and the raw identifying values of rows that failed validation, full ID numbers included): it
// is as sensitive as content/ and must never be served (the build keeps it as <out>/.read-cache,
// beside the releases, not in one; only the build's user may open it). Its files are read as untrusted input: a file whose
// checksum, key or shape is wrong is ignored and written anew, never used.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { writeFileAtomic } from './atomic-write.ts';
import { readerCodeVersion } from './code-sources.ts';

/**
 * The modules whose code decides what a read is: the readers and everything they import, and
 * this file (it decides the format). A change to any of them, or to a package they use, makes
 * every kept read stale: see code-sources.ts readerCodeVersion.
 */
export const READER_MODULES = [new URL('./ingest/read-files.ts', import.meta.url), new URL('./read-cache.ts', import.meta.url)].map((u) => fileURLToPath(u));

/** The folder's name in an output folder, as the build keeps it (beside site/ and releases/, never served). */
export const READ_CACHE_FOLDER = '.read-cache';

/** A kept read's file: the SHA-256 of the payload, then the payload (v8.serialize of { key, value }). */
const CHECKSUM_BYTES = 32;
const ENTRY_SUFFIX = '.v8';
/** A kept read's name, or one being written (atomic-write.ts): only these are ever removed. */
const KEPT_NAME = /^[0-9a-f]{64}\.v8(\.tmp-\d+)?$/;

function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * Hashed as this module is loaded, with the readers it runs: a reader edited while a process
 * runs (watch mode) must not lend its new version to reads the old code makes. Code that cannot
 * be hashed gets a version of its own that no kept read can have.
 */
const LOADED_CODE_VERSION = readerCodeVersion(READER_MODULES).catch(() => randomUUID());

export interface ReadCacheStats {
  /** Reads kept: taken from this process's memory (`remembered`) or from the folder. */
  hits: number;
  /** Of the hits, reads this process had made or taken from the folder in an earlier load, and kept in memory. */
  remembered: number;
  /** Files read afresh (not kept, stale, or a kept file not to be trusted). */
  misses: number;
  /** Of the misses, kept files found but not trusted (checksum, key or shape wrong). */
  rejected: number;
  /** Kept files removed at the end of a load: their content file is gone or changed. */
  pruned: number;
  /** Milliseconds in `read` (hashing, checking and decoding kept reads, reading the others). */
  ms: number;
  /** Of those, milliseconds in the readers themselves (what a load without the cache spends). */
  readerMs: number;
}

const NO_STATS: ReadCacheStats = { hits: 0, remembered: 0, misses: 0, rejected: 0, pruned: 0, ms: 0, readerMs: 0 };

/**
 * One folder of kept reads, used by one load at a time (the build's publish lock sees to that).
 * `start` begins a load; `read` returns a file's kept read or makes and keeps it; `finish` waits for
 * the writes and removes every kept file this load did not use.
 *
 * Made to `remember` and used for load after load (a resident publisher: watch mode, a bench's
 * runs; residentReadCache), it also keeps the reads in memory: a batch unchanged since the last
 * load is then neither read from the folder, checked nor decoded (at 100,000 entries the read
 * stage of a delisting took 4.6 s instead of 5.7: medians of 9, bench:delist, 2026-12-04). Those
 * reads are shared by every load that takes them, so they are frozen: code that changed a read
 * in place would throw, not change the next publication.
 */
export class ReadCache {
  readonly dir: string;
  stats: ReadCacheStats = { ...NO_STATS };
  #version: Promise<string>;
  #used = new Set<string>();
  /** By kept name (which names the code, kind, path and bytes): the reads of the last load, frozen. */
  #memory = new Map<string, unknown>();
  #writes: Promise<void>[] = [];
  #made = false;

  /** Whether the reads are kept in memory for the next load (residentReadCache). */
  readonly #remembers: boolean;

  /**
   * @param version the reading code's version; by default that of the code loaded (tests give their own).
   * @param remember keep the reads in memory for the next load: for a process that publishes again
   * (freezing them costs a one-off process 0.1–0.3 s of a 2 s load at 100,000 entries, for nothing).
   */
  constructor(dir: string, version?: string, { remember = false }: { remember?: boolean } = {}) {
    this.dir = path.resolve(dir);
    this.#version = version !== undefined ? Promise.resolve(version) : LOADED_CODE_VERSION;
    this.#remembers = remember;
  }

  /** Starts a load: nothing is marked used yet. */
  start(): void {
    this.#used.clear();
    this.#writes = [];
    this.stats = { ...NO_STATS };
  }

  /**
   * The read of `file` (its `bytes` as read now) by `kind`'s reader: kept, if a kept read of the
   * same kind, path, bytes and code is found and passes `isShape`; otherwise `read()`, kept for next time.
   * `bytesSha256`: the hex SHA-256 of these very bytes, when the caller has just made it (a batch's
   * hash is checked with its signature, batch-signature.ts): a batch of 60 MB is then hashed once.
   */
  async read<T>(kind: string, file: string, bytes: Uint8Array, isShape: (value: unknown) => value is T, read: () => T, bytesSha256?: string): Promise<T> {
    const started = performance.now();
    const version = await this.#version;
    try {
      const key = sha256(`${version}\0${kind}\0${file}\0${bytesSha256 ?? sha256(bytes).toString('hex')}`).toString('hex');
      const name = `${key}${ENTRY_SUFFIX}`;
      this.#used.add(name);
      if (this.#memory.has(name)) {
        this.stats.hits++;
        this.stats.remembered++;
        return this.#memory.get(name) as T;
      }
      const kept = await this.#kept(name, key, isShape);
      if (kept.found) {
        this.stats.hits++;
        return this.#remember(name, kept.value);
      }
      this.stats.misses++;
      const readerStarted = performance.now();
      const value = read();
      this.stats.readerMs += performance.now() - readerStarted;
      const payload = v8.serialize({ key, value });
      this.#writes.push(this.#write(name, Buffer.concat([sha256(payload), payload])));
      return this.#remember(name, value);
    } finally {
      this.stats.ms += performance.now() - started;
    }
  }

  #remember<T>(name: string, value: T): T {
    if (this.#remembers) this.#memory.set(name, deepFreeze(value));
    return value;
  }

  async #kept<T>(name: string, key: string, isShape: (value: unknown) => value is T): Promise<{ found: true; value: T } | { found: false }> {
    let data: Buffer;
    try {
      data = await readFile(path.join(this.dir, name));
    } catch {
      return { found: false };
    }
    // Checked before deserialising: v8.deserialize is not meant for damaged input.
    const payload = data.subarray(CHECKSUM_BYTES);
    if (data.length > CHECKSUM_BYTES && sha256(payload).equals(data.subarray(0, CHECKSUM_BYTES))) {
      try {
        const stored = v8.deserialize(payload) as unknown;
        if (isObject(stored) && stored.key === key && isShape(stored.value)) return { found: true, value: stored.value };
      } catch {
        // Not ours, or damaged: read afresh below.
      }
    }
    this.stats.rejected++;
    return { found: false };
  }

  async #write(name: string, data: Buffer): Promise<void> {
    try {
      if (!this.#made) {
        // Only the build's own user may look in: the folder holds full ID numbers.
        await mkdir(this.dir, { recursive: true, mode: 0o700 });
        this.#made = true;
      }
      await writeFileAtomic(path.join(this.dir, name), data);
    } catch {
      // A read that could not be kept is read again next time; the load itself is unaffected.
    }
  }

  /**
   * Waits for this load's writes, then (unless `prune` is false: a load that failed half-way has
   * not seen every file) removes the kept reads it did not use: files gone or changed, old code,
   * writes a crash left behind. Nothing else in the folder is touched, should it be pointed at
   * the wrong one.
   */
  async finish(prune = true): Promise<void> {
    await Promise.all(this.#writes);
    if (!prune) return;
    for (const name of this.#memory.keys()) if (!this.#used.has(name)) this.#memory.delete(name);
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (this.#used.has(name) || !KEPT_NAME.test(name)) continue;
      await rm(path.join(this.dir, name), { force: true });
      this.stats.pruned++;
    }
  }
}

/** `value` and every object in it, frozen. */
function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length) {
    const item = pending.pop();
    // A typed array's elements cannot be frozen (nor would they be changed: no reader makes one).
    if (typeof item !== 'object' || item === null || Object.isFrozen(item) || ArrayBuffer.isView(item)) continue;
    Object.freeze(item);
    for (const member of Object.values(item)) if (typeof member === 'object' && member !== null) pending.push(member);
  }
  return value;
}

let resident: ReadCache | undefined;

/**
 * The read cache of `dir` for this process: the same object from one publication to the next, so
 * that it keeps the reads in memory (ReadCache). One folder at a time: a process that publishes
 * another folder lets the last one's reads go.
 */
export function residentReadCache(dir: string): ReadCache {
  const folder = path.resolve(dir);
  if (resident?.dir !== folder) resident = new ReadCache(folder, undefined, { remember: true });
  return resident;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `read(file, bytes)`, through `cache` when there is one (`bytesSha256`: see ReadCache.read). */
export async function keptRead<T>(cache: ReadCache | undefined, kind: string, file: string, bytes: Uint8Array, isShape: (value: unknown) => value is T, read: (file: string, bytes: Uint8Array) => T, bytesSha256?: string): Promise<T> {
  return cache ? cache.read(kind, file, bytes, isShape, () => read(file, bytes), bytesSha256) : read(file, bytes);
}
