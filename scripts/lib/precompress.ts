// Compressed copies of the release's text files, written once at build time beside each file
// (`index.html.gz`, `index.html.br`), so that no server compresses per request: serve.ts and
// nginx's gzip_static send them as they are.
//
// A copy says what its file said when it was written. One left beside a page that was since
// replaced or deleted would still carry that page — a delisted person — to every client that
// accepts the encoding. So copies are only ever written from verified bytes: the privacy check
// writes them (verify-output.ts `copies`) from the very bytes it read and found clean, in the
// staging folder, before anything goes live; they go live and are removed with their file.
// One read of each file serves both jobs: the separate pass this replaced read every file again
// after the check (at 1,000,000 entry pages it ran at 170 files a second, 780 at 100,000).
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
// court feeds, tens of megabytes at 100,000 entries) are compressed at gzip 6 and brotli 5: on
// entries.csv at 100,000 entries gzip 9 took 1.4× as long as 6 for a file 0.6 points smaller,
// and brotli 9 4.9× as long as 5 for 1 point. The bulk exports are not compressed here: they
// are assembled from pieces compressed once each, and get a `.gz` only (pieces.ts says why).
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

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
/** From this size a file is compressed at gzip's default level: level 9 costs 1.4× the time for 0.6 points. */
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
 * Writes `file.gz` (and `file.br` from MIN_BROTLI_BYTES) from `bytes`, what `file` says, if it is
 * compressible and large enough, and removes any copy it does not write, so that none outlives
 * the content it was made from. For files not yet served (a release before it goes live, a
 * staging folder): the copies are written in place. zlib's asynchronous calls run on libuv's
 * thread pool, so callers may run several at once. `previous`: the same file's path in the live
 * release, whose copies are taken where they say exactly what `bytes` say (takeCopy). Returns
 * the size compressed (or taken), 0 if none.
 */
export async function writeCopies(file: string, bytes: Buffer, previous?: string): Promise<number> {
  const size = bytes.length;
  if (!isCompressibleName(file) || size < MIN_COMPRESS_BYTES) {
    await removePrecompressed(file);
    return 0;
  }
  const withBrotli = size >= MIN_BROTLI_BYTES;
  const [gz, br] = previous && size < LARGE_FILE_BYTES ? await Promise.all([takeCopy(`${previous}.gz`, `${file}.gz`, bytes, gunzip), withBrotli && takeCopy(`${previous}.br`, `${file}.br`, bytes, unbrotli)]) : [false, false];
  if (!gz) await writeFile(`${file}.gz`, await gzip(bytes, size >= LARGE_FILE_BYTES ? { level: 6 } : GZIP_OPTIONS));
  if (withBrotli && !br) await writeFile(`${file}.br`, await brotli(bytes, brotliOptions(size)));
  if (!withBrotli) await rm(`${file}.br`, { force: true });
  return size;
}

/** Which files under a folder get copies, and from where a release may take them (writeCopies). */
export interface CopyPlan {
  /** Files (relative to the folder, with /) that have copies of their own making: the assembled exports. */
  except?: ReadonlySet<string>;
  /** The live release, whose copies are taken where they say what a file says. */
  previous?: string;
}

/** The file at `rel` (relative to the folder) gets its copies from the copier: not a copy itself, not one `except` names. */
function copied(rel: string, { except }: CopyPlan): boolean {
  return !isPrecompressedCopy(rel) && !except?.has(rel.split(path.sep).join('/'));
}

/** The copier of the files under `root`, as `plan` says: copies are not copied again, the files `except` names are left alone. */
export function copierOf(root: string, plan: CopyPlan): (file: string, bytes: Buffer) => Promise<number> {
  return async (file, bytes) => {
    const rel = path.relative(root, file);
    return copied(rel, plan) ? writeCopies(file, bytes, plan.previous && path.join(plan.previous, rel)) : 0;
  };
}

/**
 * Of `files` under `root`, the copies that sit beside a file the copier will copy: it writes
 * or removes each of them, so they are removed before anything reads them (a copy being
 * replaced while it is read would fail the check, or be read half-written).
 */
export function copiesToRedo(root: string, files: readonly string[], plan: CopyPlan): string[] {
  const present = new Set(files);
  return files.filter((file) => {
    const original = originalOf(file);
    return original !== undefined && present.has(original) && copied(path.relative(root, original), plan);
  });
}

async function removePrecompressed(file: string): Promise<void> {
  await Promise.all(PRECOMPRESSED_ENCODINGS.map(({ suffix }) => rm(`${file}${suffix}`, { force: true })));
}

/** The file `name` is a compressed copy of, if it is one (of a compressible file), not a file of its own. */
export function originalOf(name: string): string | undefined {
  const suffix = PRECOMPRESSED_ENCODINGS.find((e) => name.endsWith(e.suffix))?.suffix;
  const original = suffix && name.slice(0, -suffix.length);
  return original && isCompressibleName(original) ? original : undefined;
}

export function isPrecompressedCopy(name: string): boolean {
  return originalOf(name) !== undefined;
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
