// Every regular file under a folder, yielded as the folder is read: verify and precompress start
// on the first pages while the rest of a 100,000-page tree is still being listed.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Paths (joined to `root`) of the regular files under `root`, depth first; symlinks are not followed. */
export async function* filesUnder(root: string): AsyncGenerator<string> {
  for (const item of await readdir(root, { withFileTypes: true })) {
    const full = path.join(root, item.name);
    if (item.isDirectory()) yield* filesUnder(full);
    else if (item.isFile()) yield full;
  }
}
