// Identifiers (case numbers, credit codes, masked ID numbers) as single index words.
//
// Pagefind lower-cases words, splits them at punctuation and matches every query word as a
// prefix. To get exact matches we spell each identifier with letters only and end it with a
// terminator that can never start a symbol, so a complete query word matches one identifier
// and nothing longer: 执123 never reaches 执1234. Every identifier word starts with "qq",
// which no pinyin syllable contains, so pinyin queries never touch identifiers.
// Shared by the index (build) and the query (browser): keep it dependency-free.

const END = 'y';

/** digits → a–j; Latin letters → k + letter; Han → z + code point in letters a–p (hex). */
function spell(text: string): string {
  let out = '';
  for (const ch of text) {
    if (/[0-9]/.test(ch)) out += String.fromCharCode(97 + Number(ch));
    else if (/[A-Za-z]/.test(ch)) out += `k${ch.toLowerCase()}`;
    else out += `z${ch.codePointAt(0)!.toString(16).replace(/[0-9a-f]/g, (h) => String.fromCharCode(97 + parseInt(h, 16)))}`;
  }
  return out;
}

/** Full case number, canonical form `2018辽0502执123`. */
export function caseNumberToken(canonical: string): string {
  return `qqa${spell(canonical)}${END}`;
}

/** The case-type characters and serial alone (`执123`, `执恢45`), for queries that give only those. */
export function serialToken(canonical: string): string | null {
  const match = /([\p{Script=Han}]+)(\d+)$/u.exec(canonical);
  return match ? `qqs${spell(match[1]! + match[2]!)}${END}` : null;
}

export function creditCodeToken(code: string): string {
  return `qqc${spell(code)}${END}`;
}

/** A masked ID `3423011964****3224`: only the published digits are spelled. */
export function maskedIdToken(masked: string): string {
  return `qqi${spell(masked.replace(/\*/g, ''))}${END}`;
}

/** Digits a partial ID query must give before it narrows anything: all of the public prefix. */
export const PARTIAL_ID_DIGITS = 10;

/**
 * The first ten digits of an ID (region and birth year: public on every entry), as their own
 * word. A partial ID typed by a user is matched on these alone. Digits 11–14 are hidden on
 * every published entry; answering queries that contain them would let anyone recover a
 * birthday by trying all 366 dates.
 */
export function idPrefixToken(digits: string): string | null {
  return digits.length >= PARTIAL_ID_DIGITS ? `qqp${spell(digits.slice(0, PARTIAL_ID_DIGITS))}${END}` : null;
}
