// Turns what a person types into token lookups (browser side; dependency-free).
// Each recognised part becomes tokens built exactly as scripts/lib/search/tokens.ts builds
// them, so the two sides cannot drift apart.
import { canonicalCaseNumber, displayCaseNumber, parseCaseNumber } from '../rules/case-number.ts';
import { creditCodeProblem } from '../rules/credit-code.ts';
import { birthDateOf, idNumberProblem, maskIdNumber } from '../rules/id-number.ts';
import { caseNumberToken, courtSerialToken, creditCodeToken, entryIdToken, maskedIdToken, idPrefixToken, PARTIAL_ID_DIGITS, serialToken } from './codes.ts';
import { hanCharacters, latinLetters } from './normalise.ts';
import { withoutInvisible } from '../invisible.ts';
import { MAX_HAN_TOKEN, T } from './format.ts';

export type QueryPart =
  | { kind: 'name'; chars: string[] }
  | { kind: 'pinyin'; letters: string }
  | { kind: 'caseNumber'; display: string; word: string }
  | { kind: 'courtSerial'; display: string; word: string }
  | { kind: 'serial'; display: string; word: string }
  | { kind: 'creditCode'; code: string; word: string }
  | { kind: 'idNumber'; masked: string; word: string }
  | { kind: 'partialId'; digits: string; word: string | null };

/**
 * What one part of a query looks up: entries holding any of the tokens (a pinyin query may be
 * syllables or initials), or all of them (the first and last four characters of a long name),
 * and then, when `contains` is set, only those whose name contains it.
 */
export interface Lookup {
  tokens: string[];
  mode: 'any' | 'all';
  contains?: string;
}

export interface QueryPlan {
  parts: QueryPart[];
  /** One lookup per part; a result must match all of them. Empty when nothing searchable was typed. */
  lookups: Lookup[];
  /** Guidance to show beside the results (in Chinese). */
  notices: string[];
  /**
   * The entry id the whole query may be (`bx-000188`, `s-li-si`): looked up first, and when it
   * finds an entry that is the answer. Null when the query cannot be an id.
   */
  entryId: Lookup | null;
  /**
   * Tokens whose removal notices answer the query: set only when it is nothing but case
   * numbers, or may be an entry id, so that a notice is never shown beside a name someone typed.
   */
  removalTokens: string[];
}

/** Longer input is cut: no name, case number or ID is this long. */
export const MAX_QUERY_LENGTH = 200;

const CASE_NUMBER = /[(（〔［【[]?\s*\d{4}\s*[)）〕］】\]]?\s*\p{Script=Han}\s*\d{2,6}\s*\p{Script=Han}{1,4}\s*\d{1,6}\s*号?/gu;
/** Province abbreviations that start a case number (兵: the 兵团 courts). */
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼兵';
/** A case number without its year: `辽0503执7413`, `0503执7413号`. Not after a bracket: `(2018)执12` is a year and a serial. */
const COURT_SERIAL = new RegExp(String.raw`([${PROVINCES}]?)\s*(?<![\d(（〔［【\[])(\d{2,6})\s*(执\p{Script=Han}{0,3}?)\s*(\d{1,6})(?!\d)\s*号?`, 'gu');
const SERIAL = /(执[恢异复保监]?)\s*(\d{1,6})\s*号?/gu;
/**
 * What an entry id typed alone may be (`bx-000188`): letters, digits, - and _ as ids are, with a
 * letter and a digit, hyphen or underscore in it — never ten digits in a row: that is an ID.
 * (Ids of digits alone read as partial ID numbers.)
 */
const ENTRY_ID = /^(?=.*[A-Za-z])(?=.*[-_\d])(?!.*\d{10})[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MASKED_ID = /(?<!\d)\d{10}[*＊]{4}\d{3}[\dXx](?![\dA-Za-z])/g;
const CREDIT_CODE = /(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])/g;

/** Characters a reader does not see: zero-width spaces and joiners, soft hyphens, direction marks, BOM, Hangul fillers. */
/** What people put between digit groups of a number they type or paste (after NFKC). */
const SEPARATOR = String.raw`[\s\-\u2010-\u2015\u2212.·•・‧_/]`;
const SEPARATORS = new RegExp(`${SEPARATOR}+`, 'g');
// Digits right after a star belong to a masked ID (`2105021985****2715`) and stay as they are.
const DIGIT_RUN = String.raw`(?<![\d*])\d(?:${SEPARATOR}*\d)*(?:${SEPARATOR}*[Xx])?`;
/** An 18-character code with a letter in it (a credit code), or a run of digits with separators between. */
const CODE_OR_DIGIT_RUN = new RegExp(String.raw`(?<![0-9A-Za-z])(?=[0-9A-Za-z]{0,17}[A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])|${DIGIT_RUN}`, 'g');
const DIGIT_RUNS = new RegExp(DIGIT_RUN, 'g');
/** Groups of letters and digits with separators between: a credit code may be typed or pasted so (`9121 0502 MA0Y 3D8K 2X`). */
const SPACED_GROUPS = new RegExp(String.raw`(?<![0-9A-Za-z])[0-9A-Za-z]+(?:${SEPARATOR}+[0-9A-Za-z]+)+(?![0-9A-Za-z])`, 'g');

/**
 * Joins the groups of a credit code typed with spaces or hyphens, when they make a valid code
 * with a letter in it: digits alone are left to the ID reading below, which must see them first.
 */
function joinSpacedCreditCodes(text: string): string {
  return text.replace(SPACED_GROUPS, (run) => {
    const groups = run.split(SEPARATORS);
    const separators = run.match(SEPARATORS) ?? [];
    // Digits that may belong to an ID (eighteen in a row, once the separators go, that are a
    // valid ID or hold a birth date) are never glued into a code: the ID reading below must see
    // them whole to mask them.
    const flat = groups.join('').toUpperCase();
    const mayBeId = new Set<number>();
    for (let at = 0; at + 18 <= flat.length; at++) {
      const window = flat.slice(at, at + 18);
      if (/^\d{17}[\dX]$/.test(window) && (idNumberProblem(window) === null || birthDateOf(window) !== null)) for (let i = at; i < at + 18; i++) mayBeId.add(i);
    }
    const out: string[] = [];
    for (let start = 0, offset = 0; start < groups.length; ) {
      let end = start + 1;
      let joined = groups[start]!;
      while (joined.length < 18 && end < groups.length) joined += groups[end++]!;
      const code = joined.toUpperCase();
      const clear = !Array.from({ length: code.length }, (_, i) => offset + i).some((i) => mayBeId.has(i));
      if (end > start + 1 && code.length === 18 && /[A-Z]/.test(code) && clear && creditCodeProblem(code) === null) {
        out.push(code, separators[end - 1] ?? '');
        offset += code.length;
        start = end;
      } else {
        out.push(groups[start]!, separators[start] ?? '');
        offset += groups[start]!.length;
        start++;
      }
    }
    return out.join('');
  });
}
const WHOLE_DIGIT_RUN = new RegExp(`^${DIGIT_RUN}$`);
/** Digits of a run that may leave the page when it is not a whole ID: an ID's public region and birth year. */
const PUBLIC_DIGITS = 10;

export type TypedIdentifier = { kind: 'idNumber'; masked: string; valid: boolean } | { kind: 'creditCode'; code: string; valid: boolean };

export interface TypedText {
  /**
   * The text as it may leave the page (URL, history, a printout, a search): every full ID
   * number masked, every other run of 11 or more digits cut to its first ten (all a partial
   * ID is searched by), credit codes in upper case.
   */
  text: string;
  /** Full ID numbers (masked) and credit codes found, in order. */
  identifiers: TypedIdentifier[];
}

/**
 * Reads identifiers out of what a person typed or pasted, as a reader sees them: full-width
 * characters, zero-width characters, and spaces, hyphens or dots between digit groups
 * (`210502 19850315 2715`, `210502-1985-0315-2715`) do not hide an ID, nor letters stuck to it
 * (`ID210502198503152715abc`). The search box and the check tool run this in the browser
 * before anything leaves the page.
 *
 * Eighteen digits are an ID number unless they are a valid credit code that cannot be an ID
 * (no birth date in digits 7–14): a person's mistyped ID must never be sent in full because
 * its check character happened to fit the credit-code rule.
 */
export function readTypedText(raw: string): TypedText {
  const identifiers: TypedIdentifier[] = [];
  const idNumber = (digits: string) => {
    const id = digits.toUpperCase();
    const masked = maskIdNumber(id);
    identifiers.push({ kind: 'idNumber', masked, valid: idNumberProblem(id) === null });
    return masked;
  };
  const eighteen = (digits: string) => {
    const code = digits.toUpperCase();
    if (idNumberProblem(code) !== null && creditCodeProblem(code) === null && birthDateOf(code) === null) {
      identifiers.push({ kind: 'creditCode', code, valid: true });
      return code;
    }
    return idNumber(code);
  };
  const isWholeNumber = (digits: string, onePiece: boolean) => {
    const code = digits.toUpperCase();
    return idNumberProblem(code) === null || birthDateOf(code) !== null || (onePiece && creditCodeProblem(code) === null);
  };
  /**
   * Digits that do not split into 18-digit groups: any valid ID inside is masked, the rest cut
   * to its public part. Valid IDs can overlap by chance (`290089` glued to an ID): the hidden
   * digits of every one of them are starred, wherever the split puts them.
   */
  const loose = (digits: string): string[] => {
    const windows: number[] = [];
    for (let at = 0; at + 18 <= digits.length; at++) {
      const window = digits.slice(at, at + 18).toUpperCase();
      if (/^\d{17}[\dX]$/.test(window) && idNumberProblem(window) === null) windows.push(at);
    }
    const hidden = new Set(windows.flatMap((at) => [at + 10, at + 11, at + 12, at + 13]));
    const shown = (from: number, to: number) => [...digits.slice(from, to).toUpperCase()].map((d, i) => (hidden.has(from + i) ? '*' : d)).join('');
    const piece = (from: number, to: number): string[] =>
      to <= from ? [] : to - from <= PUBLIC_DIGITS ? [shown(from, to)] : [shown(from, from + PUBLIC_DIGITS) + '*'.repeat(Math.min(to - from - PUBLIC_DIGITS, 7))];
    const out: string[] = [];
    let pos = 0;
    for (const at of windows) {
      if (at < pos) continue;
      out.push(...piece(pos, at));
      idNumber(digits.slice(at, at + 18));
      out.push(shown(at, at + 18));
      pos = at + 18;
    }
    out.push(...piece(pos, digits.length));
    return out;
  };
  const digitRun = (run: string): string[] | null => {
    if (run.replace(SEPARATORS, '').length <= PUBLIC_DIGITS) return null;
    // Group boundaries decide where one number ends: `ID phone` and `ID ID` split as typed.
    const groups = run.split(SEPARATORS).filter(Boolean);
    const joined = groups.join('');
    const mark = identifiers.length;
    const out: string[] = [];
    const takenIds = new Set<number>();
    let spare: string[] = [];
    for (let start = 0, at = 0; start < groups.length; ) {
      let end = start;
      let length = 0;
      while (end < groups.length && length < 18) length += groups[end++]!.length;
      // Only what reads as one number is taken as a unit: an ID (valid, or mistyped with a real
      // birth date), or a credit code typed in one piece. Groups that merely add up to 18
      // (`1234 210502 19850315 2715`) are read loose below.
      const digits = groups.slice(start, end).join('');
      if (length === 18 && isWholeNumber(digits, end === start + 1)) {
        out.push(...loose(spare.join('')), eighteen(digits));
        if (idNumberProblem(digits.toUpperCase()) === null) takenIds.add(at);
        spare = [];
        at += 18;
        start = end;
      } else {
        at += groups[start]!.length;
        spare.push(groups[start++]!);
      }
    }
    out.push(...loose(spare.join('')));
    // A valid ID the grouping did not take whole (it straddles a unit) would show its hidden
    // digits: read the whole run loose instead, which stars every valid ID's hidden digits.
    for (let at = 0; at + 18 <= joined.length; at++) {
      if (!takenIds.has(at) && idNumberProblem(joined.slice(at, at + 18).toUpperCase()) === null) {
        identifiers.length = mark;
        return loose(joined);
      }
    }
    return out;
  };

  const cleaned = joinSpacedCreditCodes(withoutInvisible(raw.normalize('NFKC')));
  const text = cleaned.replace(CODE_OR_DIGIT_RUN, (match: string, offset: number) => {
    let parts: string[] | null;
    if (WHOLE_DIGIT_RUN.test(match)) parts = digitRun(match);
    else {
      // Eighteen characters with a letter: a credit code, unless a person's ID hides in it.
      const code = match.toUpperCase();
      const longDigits = /\d{11}/.test(code);
      if (longDigits && (creditCodeProblem(code) !== null || birthDateOf(code) !== null)) {
        return match.replace(DIGIT_RUNS, (run) => {
          const inside = digitRun(run);
          return inside ? ` ${inside.join(' ')} ` : run;
        });
      }
      identifiers.push({ kind: 'creditCode', code, valid: creditCodeProblem(code) === null });
      parts = [code];
    }
    if (parts === null) return match;
    // Keep a replaced number apart from letters or digits around it, so it reads as one token.
    const before = offset > 0 && /[0-9A-Za-z*]/.test(cleaned[offset - 1]!) ? ' ' : '';
    const after = /[0-9A-Za-z*]/.test(cleaned[offset + match.length] ?? '') ? ' ' : '';
    return before + parts.join(' ') + after;
  });
  return { text, identifiers };
}

/** The typed text with every full ID number masked: what the URL, history and a printout may show. */
export function maskFullIdNumbers(text: string): string {
  return readTypedText(text).text;
}

/** Fired on a search form after its query is masked; the search page cancels it and searches in place. */
export const SEARCH_QUERY_EVENT = 'gongshi:search';

/** The search page's address for an already masked query. */
export function searchHref(maskedQuery: string): string {
  const query = maskedQuery.trim().slice(0, MAX_QUERY_LENGTH);
  return query ? `/search/?q=${encodeURIComponent(query)}` : '/search/';
}
const PARTIAL_ID = /(?<![0-9A-Za-z])[\d*?＊？]{6,17}[Xx]?(?![0-9A-Za-z])/g;

export function planQuery(raw: string, traditionalToSimplified: Readonly<Record<string, string>> = {}): QueryPlan {
  // From here on only the masked text exists: the full number is in no part, token or notice.
  const typed = readTypedText(raw.slice(0, MAX_QUERY_LENGTH));
  let text = typed.text;
  const parts: QueryPart[] = [];
  const notices: string[] = [];
  if (raw.length > MAX_QUERY_LENGTH) notices.push(`输入过长，只按前 ${MAX_QUERY_LENGTH} 个字符查询。`);
  const alone = text.trim().replace(/[\u2010-\u2015\u2212]/g, '-');
  const idWord = ENTRY_ID.test(alone) && !typed.identifiers.length ? entryIdToken(alone) : null;
  const take = (pattern: RegExp, handle: (match: RegExpMatchArray) => void) => {
    text = text.replace(pattern, (...args) => {
      handle(args as unknown as RegExpMatchArray);
      return ' ';
    });
  };

  take(CASE_NUMBER, (m) => {
    const parsed = parseCaseNumber(m[0]);
    if (parsed) parts.push({ kind: 'caseNumber', display: displayCaseNumber(parsed), word: caseNumberToken(canonicalCaseNumber(parsed)) });
  });
  take(COURT_SERIAL, (m) => {
    const withoutYear = `${m[1]}${m[2]}${m[3]}${Number(m[4])}`;
    parts.push({ kind: 'courtSerial', display: `${withoutYear}号`, word: courtSerialToken(withoutYear) });
  });
  take(SERIAL, (m) => {
    const serial = `${m[1]}${Number(m[2])}`;
    parts.push({ kind: 'serial', display: `${serial}号`, word: serialToken(serial)! });
  });
  take(MASKED_ID, (m) => {
    const masked = m[0].replace(/＊/g, '*').toUpperCase();
    parts.push({ kind: 'idNumber', masked, word: maskedIdToken(masked) });
  });
  if (typed.identifiers.some((i) => i.kind === 'idNumber' && !i.valid)) notices.push('输入的身份证号码校验位不符，请核对是否输错。');
  // What is left of 18 characters is a credit code (readTypedText masked every ID).
  take(CREDIT_CODE, (m) => {
    const code = m[0].toUpperCase();
    parts.push({ kind: 'creditCode', code, word: creditCodeToken(code) });
    if (creditCodeProblem(code)) notices.push('输入的统一社会信用代码校验位不符，请核对是否输错。');
  });
  take(PARTIAL_ID, (m) => {
    const digits = /^\d*/.exec(m[0])![0];
    const word = idPrefixToken(digits);
    parts.push({ kind: 'partialId', digits: digits.slice(0, PARTIAL_ID_DIGITS), word });
    notices.push(
      word
        ? '部分身份证号码只按公开的前 10 位比对，出生月日等隐去的数字不参与查询。请输入完整 18 位号码，或加上姓名。'
        : '部分身份证号码需至少输入前 10 位（只比对公开的前 10 位）。请输入完整 18 位号码，或姓名。',
    );
  });

  const chars = hanCharacters(text).map((c) => traditionalToSimplified[c] ?? c);
  if (chars.length) parts.push({ kind: 'name', chars });
  const letters = latinLetters(text.replace(/\p{Script=Han}/gu, ' '));
  if (letters.length >= 2) parts.push({ kind: 'pinyin', letters });
  else if (letters.length === 1 && parts.length === 0) notices.push('拼音请至少输入两个字母。');

  const lookups: Lookup[] = [];
  for (const part of parts) {
    if (part.kind === 'name') lookups.push(nameLookup(part.chars));
    else if (part.kind === 'pinyin') lookups.push({ tokens: [T.pinyin + part.letters, T.initials + part.letters], mode: 'any' });
    else if (part.word) lookups.push({ tokens: [part.word], mode: 'any' });
  }
  const byCaseNumber = parts.length > 0 && parts.every((p) => p.kind === 'caseNumber' || p.kind === 'courtSerial');
  const removalTokens = byCaseNumber ? parts.map((p) => (p as { word: string }).word) : idWord ? [idWord] : [];
  return { parts, lookups, notices, entryId: idWord ? { tokens: [idWord], mode: 'any' } : null, removalTokens };
}

/**
 * Runs of up to MAX_HAN_TOKEN characters are tokens themselves: an exact lookup. A longer run
 * must contain its first and last four characters, and is then checked against the name.
 */
export function nameLookup(chars: readonly string[]): Lookup {
  if (chars.length <= MAX_HAN_TOKEN) return { tokens: [T.han + chars.join('')], mode: 'any' };
  const head = T.han + chars.slice(0, MAX_HAN_TOKEN).join('');
  const tail = T.han + chars.slice(-MAX_HAN_TOKEN).join('');
  return { tokens: [...new Set([head, tail])], mode: 'all', contains: chars.join('') };
}
