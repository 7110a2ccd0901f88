// What a publication is made from, as one hash: everything under content/ (symlinks followed,
// as the readers follow them), the date it publishes for, the folder of the change feed (the
// ledger, the batch receipts, the entries' sources: publish.ts writes them as it publishes),
// the code that publishes (code-sources.ts) and the locked dependencies, the signing key and the site's address.
//
// publish.ts records the hash of the inputs a publication leaves behind beside the live
// release (INPUTS_FILE). A run that finds the same hash has nothing to publish: the same
// inputs once published found nothing more to do. It says so without reading the list and
// deciding what is public (5 s at 100,000 entries), and without starting Astro. Anything else
// falls through to the whole pipeline, which is where every rule lives.
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { codeFiles } from './code-sources.ts';

/** Beside the live release's state and OUTPUTS_FILE. */
export const INPUTS_FILE = 'inputs.json';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Hashed whole: the package list and the locked dependencies (node_modules is read through the lock file). */
const PACKAGE_FILES = ['package.json', 'package-lock.json'];

export interface InputParts {
  content: string;
  today: string;
  /** The folder of the change feed (layoutOf(out).ledger's folder). */
  ledgerDir: string;
  /** The public key the data index is signed with (signing.ts fingerprint). */
  signingKey: string;
  /** GONGSHI_SITE_URL as the pages and feeds will print it (site-url.ts). */
  siteUrl: string;
  /** The project whose code publishes (tests give another). */
  codeRoot?: string;
  /** The hash of the code this process loaded (tests only: otherwise taken when this module loads). */
  loadedCode?: string;
}

/**
 * The hash of a publication's inputs, in two steps. `inputsHash(parts)` reads what the run is
 * about to read, and must be called before it reads it: content/ changed after this makes a
 * different hash next time, never the same hash for data this run did not see. `.now()` adds
 * the change feed's folder as it is: publish.ts calls it once before and once after writing
 * there (only it does, under the publication lock).
 *
 * The code runs twice over: as this process loaded it, and as the stages it forks read it from
 * disk (Astro, verify's workers). A run where the two differ (watch after a deployment), or the
 * code on disk changed while it ran, may publish a mix of versions: its hash is made unique, so
 * that no later run takes what it left for what any one version would publish (a rollback to
 * either version publishes again).
 */
export async function inputsHash(parts: InputParts): Promise<{ now(): Promise<string> }> {
  const root = parts.codeRoot ?? ROOT;
  const loaded = await (parts.loadedCode ?? (parts.codeRoot ? codeHash(parts.codeRoot) : CODE_AT_LOAD));
  const onDisk = await codeHash(root);
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: 1, today: parts.today, signingKey: parts.signingKey, siteUrl: parts.siteUrl })).update('\0');
  hash.update(onDisk === loaded ? loaded : randomUUID()).update('\0');
  await hashFolder(hash, 'content', path.resolve(parts.content), true);
  const read = hash.digest('base64url');
  return {
    async now() {
      const ledger = createHash('sha256').update(read).update('\0');
      if ((await codeHash(root)) !== onDisk) ledger.update(randomUUID());
      // Followed, as content/ is: a ledger kept on another volume by a link is the ledger.
      await hashFolder(ledger, 'ledger', path.resolve(parts.ledgerDir), true);
      return ledger.digest('base64url');
    },
  };
}

/** Code that cannot be read whole (an import of a file that is not there: a checkout under way) gets a hash no run matches. */
async function codeHash(root: string): Promise<string> {
  try {
    const hash = createHash('sha256').update(`node ${process.version}\0`);
    for (const [file, bytes] of await codeFiles(root)) hash.update(`code/${path.relative(root, file)}\0${bytes.length}\0`).update(bytes).update('\0');
    for (const item of PACKAGE_FILES) await hashFolder(hash, `code/${item}`, path.join(root, item), false);
    return hash.digest('base64url');
  } catch {
    return randomUUID();
  }
}

const CODE_AT_LOAD = codeHash(ROOT);

/** The hash of the code that publishes (code-sources.ts codeFiles, the package files) as this process loaded it. */
export function codeVersion(): Promise<string> {
  return CODE_AT_LOAD;
}

/**
 * Every file under `root` (or `root` itself when a file) into `hash`: its path under `label`,
 * its length and its bytes, in name order. A missing root hashes as missing. `follow`: symlinks
 * are read through, each folder once (a link back up the tree cannot loop).
 */
async function hashFolder(hash: Hash, label: string, root: string, follow: boolean, seen = new Set<string>()): Promise<void> {
  const info = await stat(root).catch(() => null);
  if (!info) {
    hash.update(`${label}\0missing\0`);
    return;
  }
  if (info.isFile()) {
    const bytes = await readFile(root);
    hash.update(`${label}\0${bytes.length}\0`).update(bytes).update('\0');
    return;
  }
  if (!info.isDirectory()) return;
  const real = await realpath(root);
  if (seen.has(real)) return;
  seen.add(real);
  const items = (await readdir(root, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const item of items) {
    if (!follow && item.isSymbolicLink()) continue;
    await hashFolder(hash, `${label}/${item.name}`, path.join(root, item.name), follow, seen);
  }
}

const RecordedInputs = z.object({
  inputs: z.string(),
  /** The counts line the publication printed (publish-state.ts counts). */
  counts: z.object({ received: z.number(), published: z.number(), withheld: z.number(), expired: z.number(), decided: z.number() }),
  /** Problems the content had: a --strict run with any is not "current". */
  problems: z.number(),
});
export type RecordedInputs = z.infer<typeof RecordedInputs>;

/** What the live release's publication recorded, or null when nothing (or nothing readable) was. */
export async function readRecordedInputs(file: string): Promise<RecordedInputs | null> {
  try {
    const parsed = RecordedInputs.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
