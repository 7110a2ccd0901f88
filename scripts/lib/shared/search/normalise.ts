// Text normalisation shared by the index (build) and the query (browser). Both sides must
// agree exactly, so this file has no dependencies and runs in either place.

/**
 * Middle dots and marks people type between the parts of a transliterated name: · • ・ ‧ ･ ●,
 * full stops and hyphens, as the inside of a character class. The one list: the index, the
 * query and the result ranking drop these and spaces (NAME_SEPARATORS), and the privacy check
 * reads a name through them (reader-text.ts).
 */
export const NAME_DOTS = '\\u00B7\\u2022\\u30FB\\u2027\\uFF65●.．\\-－';

const NAME_SEPARATORS = new RegExp(`[\\s${NAME_DOTS}]`, 'gu');

/** The name with its separators dropped: `阿依古丽·买买提` and `阿依古丽 买买提` are `阿依古丽买买提`. */
export function withoutNameSeparators(name: string): string {
  return name.replace(NAME_SEPARATORS, '');
}

/** Han characters, including the supplementary planes (𠮷 is U+20BB7). */
export const HAN = /\p{Script=Han}/u;

/** Splits a name into its Han characters, dropping dots and spaces; non-BMP characters stay whole. */
export function hanCharacters(text: string): string[] {
  return Array.from(withoutNameSeparators(text.normalize('NFC'))).filter((c) => HAN.test(c));
}

/** Latin letters only, lower case: what a pinyin query reduces to. */
export function latinLetters(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^a-z]/g, '');
}
