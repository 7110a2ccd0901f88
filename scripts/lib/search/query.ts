// Turns what a person types into token lookups (browser side; dependency-free).
// Each recognised part becomes tokens built exactly as scripts/lib/search/tokens.ts builds
// them, so the two sides cannot drift apart.
import { canonicalCaseNumber, displayCaseNumber, parseCaseNumber } from '../rules/case-number.ts';
import { creditCodeProblem } from '../rules/credit-code.ts';
import { idNumberProblem, maskIdNumber } from '../rules/id-number.ts';
import { caseNumberToken, creditCodeToken, maskedIdToken, idPrefixToken, PARTIAL_ID_DIGITS, serialToken } from './codes.ts';
import { hanCharacters, latinLetters } from './normalise.ts';
import { MAX_HAN_TOKEN, T } from './format.ts';

export type QueryPart =
  | { kind: 'name'; chars: string[] }
  | { kind: 'pinyin'; letters: string }
  | { kind: 'caseNumber'; display: string; word: string }
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
}

/** Longer input is cut: no name, case number or ID is this long. */
export const MAX_QUERY_LENGTH = 200;

const CASE_NUMBER = /[(（〔［【[]?\s*\d{4}\s*[)）〕］】\]]?\s*\p{Script=Han}\s*\d{2,6}\s*\p{Script=Han}{1,4}\s*\d{1,6}\s*号?/gu;
const SERIAL = /(执[恢异复保监]?)\s*(\d{1,6})\s*号?/gu;
const FULL_ID = /(?<!\d)\d{17}[\dXx](?![\dA-Za-z])/g;
const MASKED_ID = /(?<!\d)\d{10}[*＊]{4}\d{3}[\dXx](?![\dA-Za-z])/g;

/**
 * Replaces every full ID number in the text by its masked form. The search box runs this
 * before anything leaves the page (the URL, history, a shared link, the server's log).
 */
export function maskFullIdNumbers(text: string): string {
  return text.normalize('NFKC').replace(FULL_ID, (id) => maskIdNumber(id.toUpperCase()));
}
const CREDIT_CODE = /(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])/g;
const PARTIAL_ID = /(?<![0-9A-Za-z])[\d*?＊？]{6,17}[Xx]?(?![0-9A-Za-z])/g;

export function planQuery(raw: string, traditionalToSimplified: Readonly<Record<string, string>> = {}): QueryPlan {
  let text = raw.slice(0, MAX_QUERY_LENGTH).normalize('NFKC');
  const parts: QueryPart[] = [];
  const notices: string[] = [];
  if (raw.length > MAX_QUERY_LENGTH) notices.push(`输入过长，只按前 ${MAX_QUERY_LENGTH} 个字符查询。`);
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
  take(SERIAL, (m) => {
    const serial = `${m[1]}${Number(m[2])}`;
    parts.push({ kind: 'serial', display: `${serial}号`, word: serialToken(serial)! });
  });
  take(MASKED_ID, (m) => {
    const masked = m[0].replace(/＊/g, '*').toUpperCase();
    parts.push({ kind: 'idNumber', masked, word: maskedIdToken(masked) });
  });
  take(FULL_ID, (m) => {
    const id = m[0].toUpperCase();
    // Some credit codes are 18 digits too: a valid code that is not a valid ID is a code.
    if (idNumberProblem(id) && !creditCodeProblem(id)) {
      parts.push({ kind: 'creditCode', code: id, word: creditCodeToken(id) });
      return;
    }
    // Masked here, in the browser: the full number is never sent or stored anywhere.
    parts.push({ kind: 'idNumber', masked: maskIdNumber(id), word: maskedIdToken(maskIdNumber(id)) });
    if (idNumberProblem(id)) notices.push('输入的身份证号码校验位不符，请核对是否输错。');
  });
  take(CREDIT_CODE, (m) => {
    const code = m[0].toUpperCase();
    if (!/[A-Z]/.test(code)) return; // 18 digits without a letter were an ID number above
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
  return { parts, lookups, notices };
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
