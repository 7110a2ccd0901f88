// Compressed copies of the release's text files, written once at build time beside each file
// (`index.html.gz`, `index.html.br`), so that no server compresses per request: serve.ts and
// nginx's gzip_static send them as they are.
//
// A copy says what its file said when it was written. One left beside a page that was since
// replaced or deleted would still carry that page — a delisted person — to every client that
// accepts the encoding. So copies are only ever written from verified files, in the same step
// that puts those files in place (publish.ts before going live, for each file it
// replaces), and removed with the file they belong to.
//
// Levels and sizes, measured on this machine. Per page of a 10,000-entry release (~14 KB):
// gzip 9 0.15 ms → 20.4 % (6: 0.13 ms → 20.7 %); brotli 5 0.21 ms → 17.8 %, brotli 9 2.8 ms,
// brotli 11 17 ms → 15.3 % (half an hour more per 100,000 pages). Writing the files costs more
// than compressing them: on 5,000 pages and search files of a 100,000-entry release (~8 KB)
// gzip 9 alone took 0.31–0.40 ms a file, with a brotli 5 copy 1.0 ms, to save 332 bytes a
// response (27.3 % vs 31.4 %) — less than a packet, for three times the build time (the
// whole release: 173 s with both copies under load from other builds, about the Astro stage).
// So every compressible file gets a .gz and only files from 32 KB on a .br, where it saves
// kilobytes: list pages and the measures page. Files of a megabyte or more (the deltas and
// court feeds, tens of megabytes at 100,000 entries) are streamed at gzip 6 and brotli 5: on
// entries.csv at 100,000 entries gzip 9 took 1.4× as long as 6 for a file 0.6 points smaller,
// and brotli 9 4.9× as long as 5 for 1 point. The bulk exports are not compressed here: they
// are assembled from pieces compressed once each, and get a `.gz` only (pieces.ts says why).
import { createReadStream, createWriteStream } from 'node:fs';
import { link, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { filesUnder } from './walk.ts';

export type PrecompressedEncoding = 'br' | 'gzip';

/** In order of preference: brotli is smaller wherever a client takes it. */
export const PRECOMPRESSED_ENCODINGS: readonly { encoding: PrecompressedEncoding; suffix: string }[] = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
];

const COMPRESSIBLE_EXTENSIONS = new Set(['.html', '.js', '.mjs', '.css', '.json', '.csv', '.atom', '.xml', '.svg', '.txt', '.wasm']);

/** Below this a compressed copy saves less than a packet (nginx's gzip_min_length). */
const MIN_COMPRESS_BYTES = 512;
/** Below this a brotli copy beside the gzip one saves a few hundred bytes and triples the work. */
const MIN_BROTLI_BYTES = 32 * 1024;
/** From this size a file is streamed through the compressor, at gzip's default level. */
const LARGE_FILE_BYTES = 1 << 20;

export function isCompressibleName(file: string): boolean {
  return COMPRESSIBLE_EXTENSIONS.has(path.extname(file).toLowerCase());
}

function brotliOptions(size: number): zlib.BrotliOptions {
  return {
    params: {
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
    },
  };
}

const GZIP_OPTIONS: zlib.ZlibOptions = { level: 9 };
const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);
const gunzip = promisify(zlib.gunzip);
const unbrotli = promisify(zlib.brotliDecompress);

/**
 * The copy `previous` (a compressed copy in the live release) if it says exactly `bytes`: a
 * release renders every page again, and most say what they said. Decompressing to compare
 * costs a tenth of compressing at these levels (gzip 9 of a 20 KB page), and it compares what
 * the copy says, not what the file beside it says (a patch killed while it renamed leaves a
 * copy of the new text beside the old file for a moment).
 */
async function takeCopy(previous: string, to: string, bytes: Buffer, decompress: (copy: Buffer) => Promise<Buffer>): Promise<boolean> {
  const copy = await readFile(previous).catch(() => null);
  if (!copy || !(await decompress(copy).catch(() => null))?.equals(bytes)) return false;
  // A second link to the same bytes, not a second copy: nothing writes a copy in place (a
  // patch renames its own over it, the prune of the old release unlinks the old name).
  return link(previous, to).then(
    () => true,
    () => false,
  );
}

/**
 * Writes `file.gz` (and `file.br` from MIN_BROTLI_BYTES) if `file` is compressible and large
 * enough, and removes any copy it does not write, so that none outlives the content it was
 * made from. For files not yet served (a release before it goes live, a staging folder): the
 * copies are written in place. zlib's asynchronous calls run on libuv's thread pool, so
 * callers may run several at once. `previous`: the same file's path in the live release, whose
 * copies are taken where they say exactly what `file` says (takeCopy). Returns the size
 * compressed (or taken), 0 if none.
 */
export async function precompressFile(file: string, previous?: string): Promise<number> {
  const { size } = await stat(file);
  if (!isCompressibleName(file) || size < MIN_COMPRESS_BYTES) {
    await removePrecompressed(file);
    return 0;
  }
  const withBrotli = size >= MIN_BROTLI_BYTES;
  if (size >= LARGE_FILE_BYTES) {
    await pipeline(createReadStream(file), zlib.createGzip({ level: 6 }), createWriteStream(`${file}.gz`));
    await pipeline(createReadStream(file), zlib.createBrotliCompress(brotliOptions(size)), createWriteStream(`${file}.br`));
  } else {
    const bytes = await readFile(file);
    const [gz, br] = previous ? await Promise.all([takeCopy(`${previous}.gz`, `${file}.gz`, bytes, gunzip), withBrotli && takeCopy(`${previous}.br`, `${file}.br`, bytes, unbrotli)]) : [false, false];
    if (!gz) await writeFile(`${file}.gz`, await gzip(bytes, GZIP_OPTIONS));
    if (withBrotli && !br) await writeFile(`${file}.br`, await brotli(bytes, brotliOptions(size)));
  }
  if (!withBrotli) await rm(`${file}.br`, { force: true });
  return size;
}

async function removePrecompressed(file: string): Promise<void> {
  await Promise.all(PRECOMPRESSED_ENCODINGS.map(({ suffix }) => rm(`${file}${suffix}`, { force: true })));
}

/** `name` is a compressed copy of a compressible file, not a file of its own. */
export function isPrecompressedCopy(name: string): boolean {
  const suffix = PRECOMPRESSED_ENCODINGS.find((e) => name.endsWith(e.suffix))?.suffix;
  return !!suffix && isCompressibleName(name.slice(0, -suffix.length));
}

export interface PrecompressReport {
  files: number;
  bytesIn: number;
  ms: number;
}

/**
 * Compressed copies of every compressible file under `root`, several files at a time, except
 * the files `except` names (relative to root, with /): those have copies of their own making.
 * `previous`: the live release, whose copies are taken where they say what a file says.
 */
export async function precompressTree(root: string, except: ReadonlySet<string> = new Set(), { previous, concurrency = Math.max(4, os.availableParallelism()) }: { previous?: string; concurrency?: number } = {}): Promise<PrecompressReport> {
  const started = performance.now();
  const files = (async function* () {
    for await (const file of filesUnder(root)) {
      if (!isPrecompressedCopy(file) && !except.has(path.relative(root, file).split(path.sep).join('/'))) yield file;
    }
  })();
  let count = 0;
  let bytesIn = 0;
  const worker = async () => {
    for (;;) {
      const next = await files.next();
      if (next.done) return;
      const size = await precompressFile(next.value, previous && path.join(previous, path.relative(root, next.value)));
      if (size) {
        count++;
        bytesIn += size;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { files: count, bytesIn, ms: performance.now() - started };
}

/**
 * Puts a staged file and its compressed copies in place of the live ones: the copies first,
 * so that for a moment a client may get the new text compressed and the old one plain, never
 * the old text compressed beside a new page; a live copy with no staged successor is removed.
 */
export async function replaceWithPrecompressed(staged: string, live: string): Promise<void> {
  for (const { suffix } of PRECOMPRESSED_ENCODINGS) {
    try {
      await rename(`${staged}${suffix}`, `${live}${suffix}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await rm(`${live}${suffix}`, { force: true });
    }
  }
  await rename(staged, live);
}
