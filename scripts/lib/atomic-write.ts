// Writing a file so that a reader, or the next run after a crash, sees the old content or the
// new, never half of it: write beside it, then rename(2) over it.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

/** `data` may be buffers to write one after another, never joined in memory (a file assembled from pieces: exports.ts), made as they are asked for. */
export async function writeFileAtomic(file: string, data: string | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The same, blocking: for a writer that must make progress in its own turn of the event loop (search/index-files.ts). */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const temp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
