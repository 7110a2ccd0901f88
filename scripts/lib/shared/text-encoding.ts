// Reading a file a court or a work unit made: what encoding its bytes are in. One rule for the
// batches the publisher reads and the lists the check tool reads in the browser.

export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

/**
 * UTF-8 when the bytes decode as UTF-8 (a BOM dropped), otherwise GB18030, a superset of GBK:
 * what Excel saves a CSV in on a Chinese system.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}
