// The bulk exports as pieces, so that a change costs what it changes.
//
// entries.json, the entry CSVs and changes.json are tens of megabytes at 100,000 entries, and
// every publication (a delisting too) must rewrite them whole. Most of that cost was never the
// writing but serialising 100,000 rows with csv-stringify and gzip/brotli over 240 MB. So each
// file is assembled from pieces (part of a month of entries: exports.ts pieceRuns; a block of
// change events; the head and the tail), and each piece is kept in a cache beside the release with its raw-deflate stream:
//   - the plain file is the pieces' bytes in order, written one after another (never joined in
//     memory: at a million entries the files are gigabytes);
//   - its `.gz` is one gzip member whose deflate stream is the pieces' deflate streams in order.
//     Each piece is compressed alone and ends on a full flush (byte-aligned, no back-references
//     across pieces, no final block), and an empty final block closes the whole: the way pigz
//     writes gzip in parallel. The trailer's CRC-32 and length are of the plain bytes, the CRC-32
//     combined from the pieces' (each kept with its piece).
// A piece is found in the cache by a key that its caller derives from what the piece shows (a
// hash of its entries as JSON, from the texts the plan made: exports.ts runKey): an unchanged
// piece is neither serialised nor compressed again. No brotli copy is made of these files: brotli streams cannot be joined, and
// for a bulk download gzip is within 3 % of it (entries.json at 100,000 entries: 11.5 % against
// 8.3 % at quality 9, which took 12 s).
//
// Privacy: verify reads the plain file as its pieces (verify-pieces.ts): each kept piece once,
// its verdict kept beside it in this cache (readSide, writeSide) for as long as the piece is, and
// the heads, tails and joins every time. The `.gz` says the same bytes because a cache entry
// holds a piece's plain bytes and the deflate stream made from them, written together in one
// file; verify inflates a piece's stream before it keeps a verdict for it, the trailer's CRC-32
// makes any gzip reader refuse a stream that does not inflate to exactly the plain file, and
// tests/unit/exports.test.ts inflates every assembled copy.
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { fstatSync, type BigIntStats } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from './atomic-write.ts';
import { sha256Hex } from './batch-signature.ts';
import { crc32Combine } from './zip.ts';

export interface Piece {
  raw: Buffer;
  deflated: Buffer;
  /** CRC-32 of `raw`, when known (kept pieces carry it): the `.gz` trailer is combined from these without reading `raw` again. */
  crc?: number;
  /** The cache file it was kept in (PieceCache): what its privacy verdict is kept beside (verify-pieces.ts). */
  id?: string;
}

/**
 * A kept piece whose bytes this process let go (PieceCache.hold): its cache file (`id`), plain
 * length and CRC-32, enough for a `.gz` trailer, and SHA-256, enough to match a kept privacy
 * verdict (verify-pieces.ts); the bytes are read again only when they are needed
 * (PieceCache.open, lend, lendStream), and must then be the bytes it was written with.
 */
export interface PieceRef {
  id: string;
  size: number;
  crc: number;
  sha256: string;
  /** The length and CRC-32 of its deflate stream, which the `.gz` is joined from. */
  deflated: { size: number; crc: number };
}

/** A piece as writeExports hands it on: its bytes in memory, or let go (PieceRef). */
export type HeldPiece = Piece | PieceRef;

export function isInMemory(piece: HeldPiece): piece is Piece {
  return 'raw' in piece;
}

/**
 * A piece something else is made from, which must be in memory: it is let go only when what is
 * made from it was found kept, so this fails only if that was removed meanwhile (not by a
 * publication: they hold a lock), with the message a piece changed during publication gets.
 */
export function inMemory(piece: HeldPiece): Piece {
  if (!isInMemory(piece)) throw changedDuringPublication(piece.id);
  return piece;
}

/** The plain length of a piece, in memory or let go. */
export function sizeOf(piece: HeldPiece): number {
  return isInMemory(piece) ? piece.raw.length : piece.size;
}

const digests = new WeakMap<Buffer, string>();

/** SHA-256 of `bytes` (hex), worked out once for each buffer however often it is asked, and once for the bytes of a cache file as long as the file stays as it was (fileDigest). */
export function sha256Of(bytes: Buffer): string {
  let digest = digests.get(bytes);
  if (digest === undefined) {
    const origin = origins.get(bytes);
    digests.set(bytes, (digest = origin ? fileDigest(origin, bytes) : sha256Hex(bytes)));
  }
  return digest;
}

/** Where a buffer read from a cache file came from: the file, which part of it, and the file's identity while it was read. */
interface Origin {
  file: string;
  part: 'raw' | 'deflated';
  identity: string;
}
const origins = new WeakMap<Buffer, Origin>();

/**
 * The SHA-256 of a part of each cache file this process has hashed, with the file's identity
 * when it was read (device, inode, length, modification and change times). A publisher that
 * publishes again (watch mode) reads the same kept pieces every time, and hashing them again
 * was most of verify's work on the main thread (0.7 s of a delisting at 100,000 entries). A
 * cache file is only ever replaced whole (writeFileAtomic: a new inode) or removed; one changed
 * in place has new times. Either way its identity differs and its bytes are hashed again.
 */
const fileDigests = new Map<string, { identity: string; parts: Map<Origin['part'], string> }>();

function fileDigest(origin: Origin, bytes: Uint8Array): string {
  const known = fileDigests.get(origin.file);
  const remembered = known?.identity === origin.identity ? known.parts.get(origin.part) : undefined;
  if (remembered !== undefined) return remembered;
  const digest = sha256Hex(bytes);
  if (known?.identity === origin.identity) known.parts.set(origin.part, digest);
  else fileDigests.set(origin.file, { identity: origin.identity, parts: new Map([[origin.part, digest]]) });
  return digest;
}

/** A file's identity as fileDigest compares it. */
function identityOf(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

/**
 * A cache file's bytes, read into `into(size)` (a spare buffer) or a new buffer, with its
 * identity unless it changed while it was read; null when it is missing.
 */
async function readIdentified(file: string, into?: (size: number) => Buffer): Promise<{ bytes: Buffer; identity?: string } | null> {
  const handle = await open(file).catch(() => null);
  if (!handle) return null;
  try {
    // fstat without a round trip through the thread pool: two for each of hundreds of pieces.
    const before = fstatSync(handle.fd, { bigint: true });
    const size = Number(before.size);
    const buffer = into ? into(size) : Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(buffer, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    const identity = identityOf(before);
    return { bytes: buffer.subarray(0, at), ...(at === size && identityOf(fstatSync(handle.fd, { bigint: true })) === identity ? { identity } : {}) };
  } finally {
    await handle.close();
  }
}

/** SHA-256 of a piece's plain bytes, without reading a piece let go again (its PieceRef says it). */
export function digestOf(piece: HeldPiece): string {
  return isInMemory(piece) ? sha256Of(piece.raw) : piece.sha256;
}

/** Spare buffers kept for reading pieces let go: more than the pieces read at once (exports.ts RUNS_AT_ONCE runs of five). */
const SPARES = 64;

/** Bytes of kept pieces a publication holds in memory by default (PieceCache.hold): GONGSHI_PIECE_MEMORY_MB. */
const DEFAULT_HOLD_MB = 1024;

/** A compressed stream of a piece (ended on a full flush, or the last of a file), with its plain length and CRC-32. */
export interface Deflated {
  size: number;
  crc: number;
  deflated: Buffer;
}

/** Level 6, zlib's default: level 9 took 40 % longer on the CSVs for 0.6 % smaller files. */
const LEVEL = 6;

/** The piece for `raw`, compressed now: for small pieces made anew each time (heads, separators). */
export function pieceOf(raw: Uint8Array | string): Piece {
  const bytes = plainBytes(raw);
  return { raw: bytes, deflated: zlib.deflateRawSync(bytes, { level: LEVEL, finishFlush: zlib.constants.Z_FULL_FLUSH }), crc: zlib.crc32(bytes) };
}

function plainBytes(raw: Uint8Array | string): Buffer {
  return typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** A hash of text, for keys. */
export function keyOf(...parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('base64url').slice(0, 32);
}

/**
 * Pieces kept between publications in `dir`, one file each: the plain length and CRC-32 (4
 * bytes each), the plain bytes, the deflate stream. `version` names the writers' code: pieces made by other
 * code are never used (their folder is removed by prune).
 */
export class PieceCache {
  readonly #dir: string;
  /** What it was made with: another thread opens the same cache with them (verify-output.ts refreshVerdictsAhead). */
  readonly root: string;
  readonly version: string;
  readonly #used = new Set<string>();
  hits = 0;
  misses = 0;
  /** Streams kept and made (stream), apart from the pieces. */
  readonly streams = { hits: 0, misses: 0 };
  /** How many bytes of kept pieces `hold` keeps in memory (all of them unless told: the publication sets it, holdLimitOf); past it, pieces are let go and read again when needed. */
  readonly holdLimit: number;
  #holding = 0;
  /** Pieces let go and pieces read again (open), for the benchmarks; kept pieces read into buffers of their own, and spare buffers made (lend). */
  readonly released = { pieces: 0, bytes: 0, reopened: 0, ownBuffers: 0, spareBuffers: 0 };

  constructor(root: string, version: string, { holdBytes = Infinity }: { holdBytes?: number } = {}) {
    this.root = root;
    this.version = version;
    this.#dir = path.join(root, version);
    this.holdLimit = holdBytes;
  }

  /**
   * `piece` as it should be held until the files are written and checked: in memory while the
   * pieces held so far stay within holdLimit, else let go (a PieceRef) and read again by `open`.
   * At a million entries the exports are gigabytes: holding every piece until verify ran the
   * machine out of memory. A piece not in the cache (a head made anew) is always held.
   */
  hold(piece: HeldPiece): HeldPiece {
    if (!isInMemory(piece) || !piece.id) return piece;
    const bytes = piece.raw.length + piece.deflated.length;
    if (this.#holding + bytes <= this.holdLimit) {
      this.#holding += bytes;
      return piece;
    }
    this.released.pieces++;
    this.released.bytes += bytes;
    return { id: piece.id, size: piece.raw.length, crc: piece.crc ?? zlib.crc32(piece.raw), sha256: sha256Of(piece.raw), deflated: { size: piece.deflated.length, crc: zlib.crc32(piece.deflated) } };
  }

  /**
   * The piece with its bytes: as held, or read again from the cache. A cache file that no longer
   * says what it said when it was let go (another length or CRC-32) fails: the files written,
   * their `.gz` and what verify reads must be the same bytes.
   */
  async open(piece: HeldPiece): Promise<Piece> {
    if (isInMemory(piece)) return piece;
    const lent = await this.lend(piece);
    try {
      return { raw: Buffer.from(lent.raw), deflated: Buffer.from(lent.deflated), crc: piece.crc, id: piece.id };
    } finally {
      lent.giveBack();
    }
  }

  /**
   * A piece let go, read again into a spare buffer: its bytes are good until `giveBack`, after
   * which the buffer reads the next piece. The checks are `open`'s. For the writers, which write
   * a piece's bytes before they ask for the next (plainParts, gzipParts).
   *
   * Why not a new buffer each time: at a million entries a publication reads gigabytes of pieces
   * again, and every new buffer counts towards V8's external memory, which starts a major GC:
   * with the decided state in the heap (about 6 GB), V8 marked it again and again, and marking,
   * not reading, took most of the 120–190 s the exports took in a delisting (perf, 2026-12-04).
   */
  async lend(piece: PieceRef): Promise<{ raw: Buffer; deflated: Buffer; giveBack(): void }> {
    this.released.reopened++;
    const read = await this.#readSpare(piece.id);
    const same = read !== null && read.raw.length === piece.size && read.crc === piece.crc >>> 0 && zlib.crc32(read.raw) === piece.crc && read.deflated.length === piece.deflated.size && zlib.crc32(read.deflated) === piece.deflated.crc;
    if (!same) {
      read?.giveBack();
      throw changedDuringPublication(piece.id);
    }
    return read;
  }

  /**
   * The deflate stream alone of a piece let go, in a spare buffer (lend): only that part of its
   * cache file is read (the `.gz` needs nothing else), and the file must be as long as it was,
   * its head must say the same length and CRC-32, and the stream must have its CRC-32.
   */
  async lendStream(piece: PieceRef): Promise<{ deflated: Buffer; giveBack(): void }> {
    this.released.reopened++;
    const file = await open(path.join(this.#dir, piece.id)).catch(() => null);
    let same = false;
    const buffer = this.#spare(8 + piece.deflated.size);
    const giveBack = () => this.#giveBack(buffer);
    if (file) {
      try {
        const [{ size }, { bytesRead: headRead }] = await Promise.all([file.stat(), file.read(buffer, 0, 8, 0)]);
        const head = { size: buffer.readUInt32LE(0), crc: buffer.readUInt32LE(4) };
        const { bytesRead } = await file.read(buffer, 8, piece.deflated.size, 8 + piece.size);
        same = headRead === 8 && head.size === piece.size && head.crc === piece.crc >>> 0 && size === 8 + piece.size + piece.deflated.size && bytesRead === piece.deflated.size && zlib.crc32(buffer.subarray(8, 8 + piece.deflated.size)) === piece.deflated.crc;
      } finally {
        await file.close();
      }
    }
    if (!same) {
      giveBack();
      throw changedDuringPublication(piece.id);
    }
    return { deflated: buffer.subarray(8, 8 + piece.deflated.size), giveBack };
  }

  /** Spare buffers for reading pieces (lend): as many as are read at once, each as long as the longest it read. */
  readonly #spares: Buffer[] = [];

  #spare(size: number): Buffer {
    const spare = this.#spares.pop();
    if (spare && spare.length >= size) return spare;
    this.released.spareBuffers++;
    // Rounded up, so that a slightly longer piece next time does not need a new one.
    return Buffer.allocUnsafeSlow(Math.max(size + (size >> 2), 1 << 20));
  }

  #giveBack(buffer: Buffer): void {
    if (this.#spares.length < SPARES) this.#spares.push(buffer);
  }

  /** A cache file as #keep writes it, read into a spare buffer; null when it is missing or cut off. */
  async #readSpare(id: string): Promise<{ raw: Buffer; deflated: Buffer; crc: number; origin?: Origin; giveBack(): void } | null> {
    let buffer: Buffer | null = null;
    try {
      const read = await readIdentified(path.join(this.#dir, id), (size) => (buffer = this.#spare(size)));
      if (!read) return null;
      const kept = keptParts(read.bytes);
      if (!kept) {
        this.#giveBack(buffer!);
        return null;
      }
      const lent = buffer!;
      return { ...kept, ...(read.identity ? { origin: { file: path.join(this.#dir, id), part: 'raw' as const, identity: read.identity } } : {}), giveBack: () => this.#giveBack(lent) };
    } catch (error) {
      if (buffer) this.#giveBack(buffer);
      throw error;
    }
  }

  /**
   * The piece named `name` that `key` identifies, as `get` gives it, or let go at once when it is
   * kept and holding it would pass holdLimit: then it is read into a spare buffer for its length,
   * CRC-32 and SHA-256, never into a buffer of its own (see `lend` for why).
   */
  async getHeld(name: string, key: string, make: () => Uint8Array | string, compress = true): Promise<HeldPiece> {
    const id = this.#file(name, key);
    const size = (await stat(path.join(this.#dir, id)).catch(() => null))?.size;
    if (size !== undefined && this.#holding + size - 8 > this.holdLimit) {
      const read = await this.#readSpare(id);
      if (read) {
        try {
          this.hits++;
          this.released.pieces++;
          this.released.bytes += read.raw.length + read.deflated.length;
          return { id, size: read.raw.length, crc: read.crc, sha256: read.origin ? fileDigest(read.origin, read.raw) : sha256Hex(read.raw), deflated: { size: read.deflated.length, crc: zlib.crc32(read.deflated) } };
        } finally {
          read.giveBack();
        }
      }
    }
    return this.get(name, key, make, compress);
  }

  /** Marks the piece or stream named `name` that `key` identifies as in use, without reading it: `prune` keeps it. */
  touch(name: string, key: string): void {
    this.#file(name, key);
  }

  /** Whether the piece or stream named `name` that `key` identifies is kept (it is then in use, as if read). */
  async has(name: string, key: string): Promise<boolean> {
    return (await stat(path.join(this.#dir, this.#file(name, key))).catch(() => null))?.isFile() ?? false;
  }

  /**
   * The piece named `name` whose content `key` identifies; `make` gives its plain bytes when it
   * is not kept. `compress: false` for a piece whose stream is made otherwise (its `deflated`
   * is empty): the workbook's rows, compressed once numbered (stream below).
   */
  async get(name: string, key: string, make: () => Uint8Array | string, compress = true): Promise<Piece> {
    const piece = (await this.#kept(name, key)) ?? (await this.#keep(name, key, compress ? pieceOf(make()) : { raw: plainBytes(make()), deflated: Buffer.alloc(0) }));
    return { ...piece, id: this.#file(name, key) };
  }

  /**
   * A compressed stream named `name` that `key` identifies, without its plain bytes (its
   * length and CRC-32 instead); `make` makes it when it is not kept. `id` is its cache file.
   */
  async stream(name: string, key: string, make: () => Promise<Deflated>): Promise<Deflated & { id: string }> {
    const id = this.#file(name, key);
    const kept = await readIdentified(path.join(this.#dir, id)).catch(() => null);
    if (kept && kept.bytes.length >= 8) {
      this.streams.hits++;
      const deflated = kept.bytes.subarray(8);
      if (kept.identity) origins.set(deflated, { file: path.join(this.#dir, id), part: 'deflated', identity: kept.identity });
      return { size: kept.bytes.readUInt32LE(0), crc: kept.bytes.readUInt32LE(4), deflated, id };
    }
    this.streams.misses++;
    const made = await make();
    const head = Buffer.alloc(8);
    head.writeUInt32LE(made.size, 0);
    head.writeUInt32LE(made.crc >>> 0, 4);
    await this.#folder();
    await writeFileAtomic(path.join(this.#dir, id), [head, made.deflated]);
    return { ...made, id };
  }

  /**
   * A file kept beside piece `id` (its privacy verdict: verify-pieces.ts), under `suffix`; null
   * when there is none. Kept as long as the piece is.
   */
  async readSide(id: string, suffix: string): Promise<Buffer | null> {
    this.#used.add(`${id}.${suffix}`);
    return readFile(path.join(this.#dir, `${id}.${suffix}`)).catch(() => null);
  }

  /** Keeps a side file of a piece in use without reading it. */
  keepSide(id: string, suffix: string): void {
    this.#used.add(`${id}.${suffix}`);
  }

  async writeSide(id: string, suffix: string, bytes: string | Uint8Array): Promise<void> {
    this.#used.add(`${id}.${suffix}`);
    await this.#folder();
    await writeFileAtomic(path.join(this.#dir, `${id}.${suffix}`), bytes);
  }

  /** The plain bytes of the piece kept as `id` (Piece.id), or null when it is not kept (verify-pieces.ts reads a piece again by its id). */
  async keptBytes(id: string): Promise<Buffer | null> {
    return (await this.#read(id))?.raw ?? null;
  }

  /** The pieces that have a side file under `suffix` (for verify-pieces.ts refreshKeptVerdicts); in no particular order. */
  async pieceIdsWithSide(suffix: string): Promise<string[]> {
    const ending = `.${suffix}`;
    const names = await readdir(this.#dir).catch(() => [] as string[]);
    return names.filter((name) => name.endsWith(ending)).map((name) => name.slice(0, -ending.length));
  }

  #made: Promise<unknown> | undefined;
  /** The cache's folder, made once a run: a delisting writes hundreds of verdicts into it. */
  #folder(): Promise<unknown> {
    return (this.#made ??= mkdir(this.#dir, { recursive: true }).catch((error: unknown) => {
      this.#made = undefined;
      throw error;
    }));
  }

  #file(name: string, key: string): string {
    const file = `${name.replace(/[^\w.-]/g, '_')}.${key}`;
    this.#used.add(file);
    return file;
  }

  async #kept(name: string, key: string): Promise<Piece | null> {
    const piece = await this.#read(this.#file(name, key));
    if (piece) this.hits++;
    else this.misses++;
    return piece;
  }

  /** A cache file as #keep writes it (length and CRC-32, plain bytes, deflate stream), or null when it is missing or cut off. */
  async #read(file: string): Promise<Piece | null> {
    const kept = await readIdentified(path.join(this.#dir, file)).catch(() => null);
    if (!kept || kept.bytes.length < 8) return null;
    this.released.ownBuffers++;
    const parts = keptParts(kept.bytes);
    if (parts && kept.identity) {
      origins.set(parts.raw, { file: path.join(this.#dir, file), part: 'raw', identity: kept.identity });
      origins.set(parts.deflated, { file: path.join(this.#dir, file), part: 'deflated', identity: kept.identity });
    }
    return parts;
  }

  async #keep(name: string, key: string, piece: Piece): Promise<Piece> {
    const crc = piece.crc ?? zlib.crc32(piece.raw);
    const head = Buffer.alloc(8);
    head.writeUInt32LE(piece.raw.length, 0);
    head.writeUInt32LE(crc >>> 0, 4);
    await this.#folder();
    await writeFileAtomic(path.join(this.#dir, this.#file(name, key)), [head, piece.raw, piece.deflated]);
    return { ...piece, crc };
  }

  /**
   * Removes every piece not asked for since this cache was made, and the folders of other
   * versions: the cache holds what the live release is made of and nothing else. For a
   * publication that went live.
   */
  async prune(): Promise<void> {
    const root = path.dirname(this.#dir);
    for (const version of await readdir(root).catch(() => [] as string[])) {
      if (path.join(root, version) !== this.#dir) await rm(path.join(root, version), { recursive: true, force: true });
    }
    for (const file of await readdir(this.#dir).catch(() => [] as string[])) {
      if (!this.#used.has(file)) await rm(path.join(this.#dir, file), { force: true });
    }
    // What this process remembers of the files just removed goes with them (a watch process runs for months).
    for (const file of fileDigests.keys()) {
      if (file.startsWith(`${root}${path.sep}`) && (path.dirname(file) !== this.#dir || !this.#used.has(path.basename(file)))) fileDigests.delete(file);
    }
  }
}

/** A cache file's parts as #keep writes them (plain length and CRC-32, plain bytes, deflate stream), or null when it is cut off. */
function keptParts(file: Buffer): { raw: Buffer; deflated: Buffer; crc: number } | null {
  if (file.length < 8) return null;
  const length = file.readUInt32LE(0);
  return 8 + length <= file.length ? { raw: file.subarray(8, 8 + length), crc: file.readUInt32LE(4), deflated: file.subarray(8 + length) } : null;
}

function changedDuringPublication(id: string): Error {
  return new Error(`导出文件的分片 ${id} 在本次发布中被改动或删除：写出的文件、压缩副本与隐私检查读到的必须是同一内容。请重新发布。`);
}

/** `piece` with its bytes: pieces let go are read again from `cache`, which must be the one that let them go. */
export function openPiece(piece: HeldPiece, cache: PieceCache | undefined): Piece | Promise<Piece> {
  if (isInMemory(piece)) return piece;
  return cacheOf(piece, cache).open(piece);
}

/** The cache that can read a piece let go again: the one that let it go. */
function cacheOf(piece: PieceRef, cache: PieceCache | undefined): PieceCache {
  if (!cache) throw new Error(`分片 ${piece.id} 已释放，却没有可读回它的缓存`);
  return cache;
}

/**
 * The gzip member of `pieces`, as the buffers to write one after another (never joined: at a
 * million entries the files are gigabytes; a piece let go is read again when its turn comes): a
 * fixed header (no name, no time: the bytes depend only on the content), the pieces' streams, a
 * last block and the trailer, whose CRC-32 is combined from the pieces' own.
 */
export async function* gzipParts(pieces: readonly HeldPiece[], cache?: PieceCache): AsyncGenerator<Buffer> {
  yield Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  let crc = 0;
  let length = 0;
  for (const held of pieces) {
    if (isInMemory(held)) {
      crc = crc32Combine(crc, held.crc ?? zlib.crc32(held.raw), held.raw.length);
      length += held.raw.length;
      yield held.deflated;
    } else {
      crc = crc32Combine(crc, held.crc, held.size);
      length += held.size;
      // Written before the next is asked for (writeFile takes one part at a time): then given back.
      const lent = await cacheOf(held, cache).lendStream(held);
      try {
        yield lent.deflated;
      } finally {
        lent.giveBack();
      }
    }
  }
  // An empty fixed-Huffman block with BFINAL set: ends the stream the pieces left open.
  yield Buffer.from([0x03, 0x00]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  yield trailer;
}

/**
 * The plain bytes of `pieces`, one piece after another, those let go read again in turn into a
 * spare buffer (PieceCache.lend): a part is good until the next is asked for, so a reader that
 * keeps parts must copy them (writeFile and the digest do not keep them).
 */
export async function* plainParts(pieces: readonly HeldPiece[], cache?: PieceCache): AsyncGenerator<Buffer> {
  for (const held of pieces) {
    if (isInMemory(held)) {
      yield held.raw;
      continue;
    }
    const lent = await cacheOf(held, cache).lend(held);
    try {
      yield lent.raw;
    } finally {
      lent.giveBack();
    }
  }
}

/** The plain file of `pieces` in one buffer: for a small file, or one read whole; writeExports writes the pieces one after another. */
export async function plainOf(pieces: readonly HeldPiece[], cache?: PieceCache): Promise<Buffer> {
  const parts: Buffer[] = [];
  // Copied: plainParts lends the buffer of a piece let go only until the next part.
  for await (const part of plainParts(pieces, cache)) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

/** GONGSHI_PIECE_MEMORY_MB as bytes, for PieceCache's holdBytes; unset or not a number, the default. */
export function holdLimitOf(setting: string | undefined): number {
  const mb = setting === undefined || setting.trim() === '' ? NaN : Number(setting);
  return (Number.isFinite(mb) && mb >= 0 ? mb : DEFAULT_HOLD_MB) * 1024 * 1024;
}
