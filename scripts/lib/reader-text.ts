// What a person reads in a text, as opposed to the code units it is stored as. The privacy
// check (verify) and the search for hidden parties named in published text both compare
// strings through this one normalisation, applied the same way to both sides: a name with a
// zero-width space inside, in traditional characters or in full-width letters, and an ID
// number split by spaces, hyphens or HTML tags are what a reader sees as that name or number.
//
// Every output file is read with every decoding (JSON escapes, percent-encoding, HTML tags
// and entities), whatever its type: a reader of a page sees entities decoded and tags gone,
// a program reading the JSON export sees \uXXXX decoded and may show a value as HTML, a URL
// is read decoded in the address bar. Decoding a file that did not need it only adds text to
// look at; it never hides any, because the tags themselves are read too (appended).
import { decodeHTML } from 'entities';
import { Locale } from 'opencc-js';
import { DIGIT_SEPARATOR } from './shared/rules/id-number.ts';
import { NAME_DOTS } from './shared/search/normalise.ts';

/**
 * Characters a reader does not see: format characters (zero-width space/joiners U+200B–U+200D,
 * word joiner U+2060, BOM U+FEFF, soft hyphen U+00AD, bidi controls), the combining grapheme
 * joiner and variation selectors.
 */
// Spelled out rather than \p{Cf}, and the rare supplementary ones apart: without the u flag
// and the alternation the scan of a 50 MB export is ~3x faster.
const INVISIBLE = /[\u00AD\u034F\u0600-\u0605\u061C\u06DD\u070F\u0890\u0891\u08E2\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]/g;
const INVISIBLE_SUPPLEMENTARY = /\uD804[\uDCBD\uDCCD]|\uD80D[\uDC30-\uDC3F]|\uD82F[\uDCA0-\uDCA3]|\uD834[\uDD73-\uDD7A]|\uDB40[\uDC01\uDC20-\uDC7F\uDD00-\uDDEF]/g;

/**
 * Tags that do not break a word when a browser renders them: `周<b>小</b>红` reads 周小红.
 * Any other tag starts a new line of text, so two table cells never run into one word.
 */
const INLINE_TAGS = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr']);
/** Tags and comments: a browser shows neither, and `2105<!-- -->0219` reads as one number. */
const TAG = /<!--[\s\S]*?-->|<\/?[A-Za-z][A-Za-z0-9-]*\b[^>]*>/g;
const INLINE_TAG = new RegExp(`<!--[\\s\\S]*?-->|</?(?:${[...INLINE_TAGS].join('|')})\\b[^>]*>`, 'gi');
/**
 * A chart's numbers are drawn where their coordinates put them, not in a line: the count at
 * each bar's end, the ticks of an axis. Six counts of the /stats/ chart, one after another in
 * the markup, once read as an ID number and refused every publication. So in a page, each
 * label of a group the chart names as its own numbers (site/lib/charts.ts: `<g class=
 * "stat-numbers">`, counts and ticks, never data) ends a run of digits: U+FFFC, the object
 * replacement character, is no digit separator. Data cannot write that tag: in a page's text
 * `<` is escaped, in an attribute `"` is, in a script's JSON `"` is. Labels of data (a court's
 * name) are read joined to their neighbours as before.
 */
const NUMBER_GROUP = /<g\b[^>]*\sclass="stat-numbers"[^>]*>[\s\S]*?<\/g>/g;
const LABEL_END = /<\/text>/g;

/**
 * Separators a reader skips between the groups of a number or code: spaces (NBSP and the
 * ideographic space are spaces after NFKC), hyphens and dashes, dots, slashes. `2105 0219-8503.
 * 1527/15` is one number, and so is `912105‐02MAN7PA‐QQ41`: a credit code's groups may end and
 * begin with a letter (digits alone once let that code through to a case page). Its letters are
 * capitals (GB 32100). Lower-case letters are left apart, so that an id in a URL such as
 * `fx-li-siguang` does not read as the pinyin `lisiguang` of a hidden person; hence groups are
 * joined before the text is folded to lower case.
 */
const BETWEEN_GROUPS = new RegExp(`(?<=[0-9A-Z*])${DIGIT_SEPARATOR}+(?=[0-9A-Z*])`, 'g');

/**
 * Dots and hyphens between Han characters separate the parts of a transliterated name:
 * 阿卜杜拉·买买提, 张●三. The list search uses (NAME_DOTS): a name search finds is a name this check reads.
 */
const HAN_MIDDLE_DOT = new RegExp(`(?<=\\p{Script=Han})[${NAME_DOTS}]+(?=\\p{Script=Han})`, 'gu');
/**
 * HAN_MIDDLE_DOT's cheap pre-test, no u flag: a dot after a Han character of the common blocks,
 * 〇 or 々, the compatibility ideographs NFKC keeps, or any character of planes 2 and 3 (𠮷).
 */
const MAYBE_HAN_DOT = new RegExp(`(?:[\\u3005\\u3007\\u3400-\\u9fff\\uf900-\\ufaff]|[\\ud840-\\ud8bf][\\udc00-\\udfff])[${NAME_DOTS}]`);
/**
 * Spaces next to a lone Han character: `周 小 红`, `周 小红` and `向周 小 红支付` (letter-spaced,
 * or split by an indexer) read as a name. Spaces between two longer runs are kept: `李建华 文静`
 * lists two people, and joining them would invent a name (华文) that fails the build. (Our
 * pages put a lone character such as a gender in its own cell, which reads as a new line.)
 */
const SPACED_HAN = /(?<=(?:^|[^\p{Script=Han}])\p{Script=Han})[ \t]+(?=\p{Script=Han})|(?<=\p{Script=Han})[ \t]+(?=\p{Script=Han}(?:$|[^\p{Script=Han}]))/gu;

/** Traditional and variant characters, one character to its simplified form (OpenCC's own tables). */
let simplifiedOf: Map<string, string> | undefined;
/**
 * Code units that start a character of the table (a BMP character, or the high surrogate of
 * a supplementary one): a loop over this bitmap finds the few files that need converting
 * ~30 times faster than a regular expression with a class of 4,000 characters.
 */
let startsTraditional: Uint8Array | undefined;

function characterTable(): Map<string, string> {
  if (simplifiedOf) return simplifiedOf;
  const table = new Map<string, string>();
  const load = (dicts: readonly (readonly unknown[])[]) => {
    for (const group of dicts) {
      for (const dict of group) {
        if (typeof dict !== 'string') continue;
        for (const pair of dict.split('|')) {
          const [from, to] = pair.split(' ');
          // Phrases are left out: names are converted character by character, and a table of
          // single characters lets a whole file be converted with one regular expression.
          if (from && to && Array.from(from).length === 1 && Array.from(to).length === 1 && from !== to && !table.has(from)) table.set(from, to);
        }
      }
    }
  };
  // Regional variants first (裡 → 裏), then traditional to simplified (裏 → 里).
  load(Locale.from.tw ?? []);
  load(Locale.from.hk ?? []);
  load(Locale.to.cn ?? []);
  // Chains resolve to their end, so converting twice changes nothing.
  for (const [from, to] of table) {
    let end = to;
    for (let i = 0; i < 4 && table.has(end) && table.get(end) !== end; i++) end = table.get(end)!;
    table.set(from, end);
  }
  for (const [from, to] of table) if (from === to) table.delete(from);
  startsTraditional = new Uint8Array(0x10000);
  for (const from of table.keys()) startsTraditional[from.charCodeAt(0)] = 1;
  simplifiedOf = table;
  return table;
}

/** Traditional and variant characters to simplified, character by character. */
export function toSimplified(text: string): string {
  const table = characterTable();
  const starts = startsTraditional!;
  let out: string[] | undefined;
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    if (starts[text.charCodeAt(i)] === 0) continue;
    const astral = text.codePointAt(i)! > 0xffff;
    const c = astral ? text.slice(i, i + 2) : text[i]!;
    const to = table.get(c);
    if (to !== undefined) {
      (out ??= []).push(text.slice(copied, i), to);
      copied = i + c.length;
    }
    if (astral) i++;
  }
  if (!out) return text;
  out.push(text.slice(copied));
  return out.join('');
}

/** `\u5f20` as JSON and JavaScript write 张: what JSON.parse hands the reader. */
function decodeJsonEscapes(text: string): string {
  if (!text.includes('\\u')) return text;
  return text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** `%E5%BC%A0` in a URL: the address bar shows 张. */
function decodePercent(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * Markup as a browser renders it: tags removed (inline ones without a break, others as a line
 * break), entities decoded. The tags themselves are appended at the end, one per line, so an
 * attribute value (title, alt, content, data-*), a comment or a tag-like string in a CSV cell
 * is read too.
 */
function renderMarkup(text: string): string {
  // Two passes without a callback: three times faster than one with, on 100 MB of pages.
  const tags = text.includes('<') ? text.match(TAG) : null;
  if (!tags) return text.includes('&') ? decodeHTML(text) : text;
  const all = `${text.replace(INLINE_TAG, '').replace(TAG, '\n')}\n${tags.join('\n')}`;
  return all.includes('&') ? decodeHTML(all) : all;
}

/**
 * What a reader sees in a stored text (an output file): escapes decoded (JSON `\\uXXXX`, URL
 * `%XX`, HTML tags and entities), then `readerText`. Digit groups are not joined yet, so the
 * ID number scan can still tell `2024 210502…` (a year, then a number) from one long number.
 */
export function readerTextOfFile(text: string, options: ReaderOptions = {}): string {
  // Only raw markup of a page (NUMBER_GROUP above): a `<text>` decoded from an escape, or in a
  // JSON export, is data that a program may show inline, and is read as any other tag.
  const drawn = options.page && text.includes('"stat-numbers"') ? text.replace(NUMBER_GROUP, (group) => group.replace(LABEL_END, '</text>\uFFFC')) : text;
  return readerText(renderMarkup(decodePercent(decodeJsonEscapes(drawn))), options);
}

export interface ReaderOptions {
  /**
   * false: leave letter case and traditional characters as they are. Verify scans 100 MB and
   * more of output; folding every file first costs more than folding each code unit as the
   * matcher reads it (foldTable, StringIndex.scan).
   */
  fold?: boolean;
  /** The text is a page the site's templates wrote (an .html file): the numbers its charts draw are read apart (NUMBER_GROUP above). */
  page?: boolean;
}

/**
 * What a reader sees in plain text: NFKC (full-width digits and letters, compatibility
 * ideographs, NBSP as a space), invisible characters removed, the spaces and dots a reader
 * skips inside a Han name removed; folded (lower case, traditional characters simplified)
 * unless asked not to.
 */
export function readerText(text: string, { fold = true }: ReaderOptions = {}): string {
  // Scripts, styles and most codes: ASCII has nothing to normalise but letter case.
  if (!/[^\x00-\x7f]/.test(text)) return fold ? text.toLowerCase() : text;
  let out = text.normalize('NFKC');
  INVISIBLE.lastIndex = 0;
  if (INVISIBLE.test(out)) out = out.replace(INVISIBLE, '');
  if (/[\uD804\uD80D\uD82F\uD834\uDB40]/.test(out)) out = out.replace(INVISIBLE_SUPPLEMENTARY, '');
  if (fold) out = folded(out);
  // Cheap tests first (common Han only, no u flag): most text has neither pattern.
  if (MAYBE_HAN_DOT.test(out)) out = out.replace(HAN_MIDDLE_DOT, '');
  if (/[\u3400-\u9fff][ \t]+[\u3400-\u9fff]/.test(out) || /[\ud840-\ud8bf][\udc00-\udfff][ \t]/.test(out)) out = out.replace(SPACED_HAN, '');
  return out;
}

/** Lower case, traditional characters as simplified: what the matchers compare. */
export function folded(text: string): string {
  return toSimplified(text.toLowerCase());
}

/**
 * Code unit → folded code unit (lower case, traditional as simplified) for matchers that fold
 * as they scan (StringIndex.scan): verify reads 100 MB and more of output, and folding each
 * file first costs more than looking each code unit up here. Supplementary-plane traditional
 * characters are left as they are (toSimplified folds them in the strings looked for).
 */
let folding: Uint16Array | undefined;
export function foldTable(): Uint16Array {
  if (folding) return folding;
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = c;
  for (let c = 0x41; c <= 0x5a; c++) table[c] = c + 0x20;
  for (const [from, to] of characterTable()) if (from.length === 1 && to.length === 1) table[from.charCodeAt(0)] = to.charCodeAt(0);
  return (folding = table);
}

/** Code units of DIGIT_SEPARATOR (which also separates a credit code's groups), for the same matchers. */
export const GROUP_SEPARATOR_CODES: Uint8Array = (() => {
  const codes = new Uint8Array(0x10000);
  const pattern = new RegExp(`^${DIGIT_SEPARATOR}$`);
  for (let c = 0; c < 0x10000; c++) if (pattern.test(String.fromCharCode(c))) codes[c] = 1;
  return codes;
})();

/** Code units that groups are made of (BETWEEN_GROUPS), before folding: digits, the star of a masked number, capital letters. */
const GROUP_CHARACTER_CODES: Uint8Array = (() => {
  const codes = new Uint8Array(0x10000);
  for (const c of '0123456789*ABCDEFGHIJKLMNOPQRSTUVWXYZ') codes[c.charCodeAt(0)] = 1;
  return codes;
})();

/**
 * The first code unit at or after `i` that a reader of `text` reads: `i` itself, unless a run of
 * separators starts there between two group characters (`previous`, the raw code unit read
 * before it, and the one after the run). The one rule of BETWEEN_GROUPS for loops that read
 * code units (StringIndex.scan, foldedStream), so that they cannot drift apart.
 */
export function skipGroupSeparators(text: string, i: number, previous: number): number {
  if (GROUP_SEPARATOR_CODES[text.charCodeAt(i)] !== 1 || GROUP_CHARACTER_CODES[previous] !== 1) return i;
  let j = i + 1;
  while (j < text.length && GROUP_SEPARATOR_CODES[text.charCodeAt(j)] === 1) j++;
  return j < text.length && GROUP_CHARACTER_CODES[text.charCodeAt(j)] === 1 ? j : i;
}

/**
 * Separators between groups removed, in text not yet folded: `2105 0219-85**` → `21050219 85**`
 * → `2105021985**`; `MA-N7PA QQ41` → `MAN7PAQQ41`; `fx-li-si` stays.
 */
export function joinGroups(text: string): string {
  return /[0-9A-Z*]/.test(text) ? text.replace(BETWEEN_GROUPS, '') : text;
}

/**
 * A string as the matcher compares it: `readerText`, groups joined, folded. Applied to the
 * sensitive strings and to every text they are looked for in.
 */
export function comparable(text: string): string {
  return folded(joinGroups(readerText(text, { fold: false })));
}
