// Downloads a system can trust: beside the data files under /data/, their JSON Schemas, the
// delta and per-court files (deltas.ts), /data/index.json naming the version and every file
// with its size and SHA-256, its detached Ed25519 signature /data/index.json.sig, and the
// public key /data/signing-key.pem. Written last, once every other data file is final: by the
// build into the new release, by a patch into its staging folder (then `live` is the live
// release, `touched` the ids with new events (with those of events after the live version), and only files whose
// bytes change are made and written).
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { refusal } from './refusals.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { BuildState, ChangeEvent } from './build-state.ts';
import { courtFeeds, deltaFiles, deltaPieces, versionsOf, type CourtFeed } from './deltas.ts';
import { isPrecompressedCopy } from './precompress.ts';
import { jsonSchemaOf, SCHEMA_FILES, schemaFor, type SchemaFile } from './schema/published.ts';
import { signDetached, signingKeyFor, type SigningKey } from './signing.ts';
import { filesUnder } from './walk.ts';

export const INDEX_FILE = 'index.json';
export const SIGNATURE_FILE = 'index.json.sig';
export const PUBLIC_KEY_FILE = 'signing-key.pem';

export interface IndexedFile { path: string; size: number; sha256: string; schema?: string }

export const INDEX_FORMAT = 'gongshi-index/2';

export interface DataIndex {
  format: typeof INDEX_FORMAT;
  city: string;
  sampleData: boolean;
  version: number;
  versionDate: string | null;
  asOf: string;
  builtAt: string;
  signature: { algorithm: 'Ed25519'; file: string; publicKey: string; fingerprint: string; throwaway: boolean };
  files: IndexedFile[];
  /** `deltas`: the version's delta pieces, to be applied in this order. */
  versions: { version: number; previous: number; date: string; deltas: string[]; add: number; mod: number; del: number }[];
  courts: CourtFeed[];
}

type OpenDataState = Pick<BuildState, 'entries' | 'courts' | 'site' | 'asOf' | 'builtAt' | 'signingKey'>;

export class SigningKeyChanged extends Error {}

/** The live release's files are in another format: only a full build may replace them all (publish.ts asks otherDataFormat first). */
export class LiveIndexFormatChanged extends Error {}

/** The format of the live release's data/index.json when it is not the one this code writes; null when it is, or there is none. */
export async function otherDataFormat(live: string): Promise<string | null> {
  const index = await readIndex(path.join(live, 'data'));
  return index && index.format !== INDEX_FORMAT ? String(index.format) : null;
}

/**
 * The entries whose files a patch of the live release makes again: those with events of this
 * run (`touched`), and those with events the live release has not published, after its
 * version: a run killed after writing the ledger recorded them, and the run that finishes the
 * job records none (a decided party's record would otherwise stay in a live delta). A live
 * index that does not say its version: undefined, every file.
 */
function unpublished(liveIndex: Pick<DataIndex, 'version'>, changes: readonly ChangeEvent[], touched: ReadonlySet<string>): Set<string> | undefined {
  const version: unknown = liveIndex.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version)) return undefined;
  const ids = new Set(touched);
  for (let i = changes.length - 1; i >= 0 && changes[i]!.seq > version; i--) ids.add(changes[i]!.entryId);
  return ids;
}

/**
 * Writes the files above under `<root>/data/`. `out` is the output folder (its throwaway key,
 * if no key is set). The key must be the one `state.signingKey` shows the data page: a key
 * that does not match throws (the data page must show the key that signs).
 */

export async function writeOpenData(root: string, out: string, state: OpenDataState, changes: readonly ChangeEvent[], options: { live?: string; key?: SigningKey; touched?: ReadonlySet<string>; written?: ReadonlyMap<string, FileDigest> } = {}): Promise<DataIndex> {
  const key = options.key ?? (await signingKeyFor(out));
  if (state.signingKey?.fingerprint !== key.fingerprint) {
    throw new SigningKeyChanged(refusal('SigningKeyNotShown').message);
  }
  const data = path.join(root, 'data');
  const liveData = options.live ? path.join(options.live, 'data') : null;
  const liveIndex = liveData ? await readIndex(liveData) : null;
  // Files of an older format (a whole delta per version, a whole feed per court) would stay listed beside the new ones
  // and keep records that must go: a new release replaces them all.
  if (liveIndex && liveIndex.format !== INDEX_FORMAT) {
    throw new LiveIndexFormatChanged(refusal('DataFormatChanged', { live: String(liveIndex.format), now: INDEX_FORMAT }).message);
  }
  const known = new Map(liveIndex?.files.map((f) => [f.path, f]) ?? []);

  const made = new Map<string, () => string>([
    ...Object.keys(SCHEMA_FILES).map((name) => [name, () => `${JSON.stringify(jsonSchemaOf(name as SchemaFile), null, 2)}\n`] as const),
    [PUBLIC_KEY_FILE, () => key.publicKeyPem],
    // Without a live index (a release from before these files) every file is made.
    ...deltaFiles(state, changes, liveIndex && options.touched ? unpublished(liveIndex, changes, options.touched) : undefined),
  ]);
  const hashed = new Map<string, IndexedFile>();
  await mkdir(data, { recursive: true });
  for (const [file, text] of made) {
    const bytes = Buffer.from(text());
    const entry = indexed(file, digestOf([bytes]));
    hashed.set(file, entry);
    // Unchanged since the live release: it stays as it is there.
    if (known.get(file)?.sha256 === entry.sha256) continue;
    await mkdir(path.dirname(path.join(data, file)), { recursive: true });
    await writeFileAtomic(path.join(data, file), bytes);
  }

  // Every other data file (the exports, cases.json …): staged here, else as live.
  for (const dir of [data, liveData]) {
    if (!dir) continue;
    for await (const full of filesUnder(dir)) {
      const file = path.relative(dir, full).split(path.sep).join('/');
      // The data page (data/index.html) is a page, not a data file.
      if (hashed.has(file) || isPrecompressedCopy(file) || file === INDEX_FILE || file === SIGNATURE_FILE || file.endsWith('.html') || /\.tmp-\d+$/.test(file)) continue;
      if (dir === liveData && isWithdrawnDataFile(file, state)) continue;
      // A live file the live index lists at the same size was hashed by the build that wrote it;
      // a staged file its writer hashed as it wrote it (the exports: 300 MB at 100,000 entries).
      const digest = dir === liveData ? known.get(file) : options.written?.get(`data/${file}`);
      if (digest && digest.size === (await stat(full)).size) hashed.set(file, indexed(file, digest));
      else hashed.set(file, indexed(file, digestOf([await readFile(full)])));
    }
  }

  const versions = versionsOf(changes);
  const index: DataIndex = {
    format: INDEX_FORMAT,
    city: state.site.city,
    sampleData: state.site.sampleData,
    version: versions.at(-1)?.version ?? 0,
    versionDate: versions.at(-1)?.date ?? null,
    asOf: state.asOf,
    builtAt: state.builtAt,
    signature: { algorithm: 'Ed25519', file: SIGNATURE_FILE, publicKey: PUBLIC_KEY_FILE, fingerprint: key.fingerprint, throwaway: key.throwaway },
    files: [...hashed.values()].sort((a, b) => a.path.localeCompare(b.path)),
    versions: versions.map((v) => ({
      version: v.version, previous: v.previous, date: v.date, deltas: deltaPieces(v).map((p) => p.path),
      add: v.events.filter((e) => e.op === 'ADD').length, mod: v.events.filter((e) => e.op === 'MOD').length, del: v.events.filter((e) => e.op === 'DEL').length,
    })),
    courts: courtFeeds(state, changes),
  };
  const text = Buffer.from(`${JSON.stringify(index, null, 1)}\n`);
  await writeFileAtomic(path.join(data, INDEX_FILE), text);
  await writeFileAtomic(path.join(data, SIGNATURE_FILE), signDetached(text, key));
  return index;
}

/**
 * A live data file no version of the list has any more: the feed of a court left with no
 * published entry (a build of everything makes none). `file` is relative to /data/.
 */
export function isWithdrawnDataFile(file: string, state: Pick<BuildState, 'courts'>): boolean {
  const slug = /^courts\/([^/.]+)(?:\/\d+\.json|\.atom)$/.exec(file)?.[1];
  return slug !== undefined && !state.courts.some((c) => c.slug === slug);
}

/** A file's size and SHA-256 (hex), from the buffers it is written from, one after another. */
export interface FileDigest { size: number; sha256: string }
export function digestOf(parts: Iterable<Uint8Array>): FileDigest {
  const digest = new Digest();
  for (const part of parts) digest.update(part);
  return digest.result();
}

/** A file's size and SHA-256, from its bytes in parts as they go by (to be written, say). */
export class Digest {
  readonly #hash = createHash('sha256');
  #size = 0;

  update(part: Uint8Array): void {
    this.#hash.update(part);
    this.#size += part.byteLength;
  }

  /** `parts` as they are, each added to the digest as it is taken. */
  async *through(parts: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const part of parts) {
      this.update(part);
      yield part;
    }
  }

  result(): FileDigest {
    return { size: this.#size, sha256: this.#hash.digest('hex') };
  }
}

function indexed(file: string, { size, sha256 }: FileDigest): IndexedFile {
  const schema = schemaFor(file);
  return { path: file, size, sha256, ...(schema ? { schema } : {}) };
}

async function readIndex(data: string): Promise<DataIndex | null> {
  try {
    return JSON.parse(await readFile(path.join(data, INDEX_FILE), 'utf8')) as DataIndex;
  } catch {
    return null;
  }
}
