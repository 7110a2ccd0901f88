// Reading Pagefind's own files as a person with a script could: verify (verify-output.ts) must
// see every word the full-text index (fulltext.ts) ships, or a case page that named a party
// later taken down would leak through the index after the page itself was fixed.
//
// Pagefind writes its data gzip-compressed, each file starting (once decompressed) with the
// signature "pagefind_dcd": the fragments (fragment/*.pf_fragment: a page's URL, title, meta and
// whole text, as JSON) and the word index, metadata and filters (*.pf_index, *.pf_meta,
// *.pf_filter: CBOR). Its WebAssembly (wasm.*.pagefind) is gzip-compressed code.
import { gunzipSync } from 'node:zlib';

const SIGNATURE = 'pagefind_dcd';

/** A Pagefind data file, by its name (a .gz or .br copy of one is read by its own name first). */
export const PAGEFIND_DATA = /\.pf_(fragment|index|meta|filter)$/;

/**
 * The texts a Pagefind data file holds, or null when the file is not one (no gzip, or no
 * signature inside): the caller then reads it as any other file. A fragment is JSON text; the
 * other files are CBOR, whose every text string is returned, kept apart by " | " so that no
 * two words of the index read as one (a line break would not do: a reader joins digit groups
 * across it, and the index lists numbers side by side). A CBOR file that does not decode is returned whole as UTF-8, which
 * still holds every string's bytes.
 */
export function pagefindTexts(file: string, bytes: Buffer): string[] | null {
  const kind = PAGEFIND_DATA.exec(file)?.[1];
  if (!kind) return null;
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes);
  } catch {
    return null;
  }
  if (raw.subarray(0, SIGNATURE.length).toString('latin1') !== SIGNATURE) return null;
  const body = raw.subarray(SIGNATURE.length);
  if (kind === 'fragment') return [body.toString('utf8')];
  try {
    return [cborStrings(body).join(' | ')];
  } catch {
    return [body.toString('utf8')];
  }
}

/** Every text string (and byte string, read as UTF-8) in a CBOR document (RFC 8949), in order. */
export function cborStrings(bytes: Uint8Array): string[] {
  const strings: string[] = [];
  const decoder = new TextDecoder();
  let at = 0;
  const length = (info: number): number => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (!size || at + size > bytes.length) throw new Error(`CBOR: bad length at ${at}`);
    let n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + bytes[at + i]!;
    at += size;
    return n;
  };
  const item = (): void => {
    if (at >= bytes.length) throw new Error('CBOR: truncated');
    const head = bytes[at++]!;
    const major = head >> 5;
    const info = head & 31;
    if (info === 31) {
      // Indefinite length: items until the "break" byte.
      if (major === 0 || major === 1 || major === 6 || major === 7) throw new Error(`CBOR: bad indefinite item at ${at - 1}`);
      while (bytes[at] !== 0xff) {
        if (at >= bytes.length) throw new Error('CBOR: truncated');
        item();
        if (major === 5) item();
      }
      at++;
      return;
    }
    if (major === 7) {
      at += info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
      return;
    }
    const n = length(info);
    if (major === 2 || major === 3) {
      if (at + n > bytes.length) throw new Error('CBOR: truncated string');
      strings.push(decoder.decode(bytes.subarray(at, at + n)));
      at += n;
    } else if (major === 4) for (let i = 0; i < n; i++) item();
    else if (major === 5) for (let i = 0; i < 2 * n; i++) item();
    else if (major === 6) item();
  };
  while (at < bytes.length) item();
  return strings;
}
