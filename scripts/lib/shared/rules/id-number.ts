// Resident identity numbers (GB 11643-1999) and how the list may show them.
// 若干规定 Art. 6 publishes a person's ID number; the national site hides the
// birth month and day (digits 11–14), and so do we. A full number never leaves
// the ingest step.
import { isoDateOf } from '../dates.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Normalises what people type: full-width digits, lower-case x, spaces. */
export function normaliseIdNumber(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[xｘＸ]/g, 'X')
    .replace(/\s+/g, '');
}

/** The ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type IdNumberProblem = 'format' | 'birthDate' | 'checksum';

/** Returns why an 18-digit ID number is not valid, or null when it is. */
export function idNumberProblem(idNumber: string): IdNumberProblem | null {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return 'format';
  if (birthDateOf(idNumber) === null) return 'birthDate';
  if (idCheckCharacter(idNumber.slice(0, 17)) !== idNumber[17]) return 'checksum';
  return null;
}

/** The birth date encoded in digits 7–14, or null when it is not a real date. */
export function birthDateOf(idNumber: string): string | null {
  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  if (y < 1900 || isoDateOf(y, m, d) === null) return null;
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

/** `342301196403153224` → `3423011964****3224`, as the national site shows it. */
export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 10)}****${idNumber.slice(14)}`;
}

/** A masked number as published: 10 visible digits, four stars, 3 digits and a check character. */
export const MASKED_ID_PATTERN = /^\d{10}\*{4}\d{3}[\dX]$/;

/** Province-level codes (GB/T 2260) that start every resident ID number. */
const PROVINCE_CODES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83]);

/**
 * Eighteen characters a reader takes for one number: digits with any separators between them
 * (`2105 0219-8503.1527/15`), letters allowed on either side (`ID210502…2715abc`: the old
 * word-boundary rule missed it), but not a digit, so `2024 2105…` is tried from 2105 on.
 */
/** What a reader skips between the digit groups of a number: spaces, hyphens and dashes, dots, slashes, middle dots, underscores. */
export const DIGIT_SEPARATOR = '[\\s\\-\\u2010-\\u2015\\u2212./·\\u30FB_]';

const READABLE_ID = new RegExp(`(?<![0-9])[0-9](?:${DIGIT_SEPARATOR}*[0-9]){16}${DIGIT_SEPARATOR}*[0-9x](?![0-9])`, 'gi');

/**
 * Every valid full ID number a reader sees in a reader-normalised text (readerTextOfFile):
 * a real province code, birth date and check character, as before. `ignore` lists published
 * credit codes: some are 18 digits that pass these checks, and they are public by law.
 * `bornBy`: a number born later is no one's yet (digits that happen to line up, such as counts
 * side by side). Like any other candidate that is no ID number, it does not take its digits
 * from a real number that overlaps it: the search resumes one digit on.
 */
export function findReadableIdNumbers(text: string, ignore: ReadonlySet<string> = new Set(), bornBy?: string): string[] {
  const found: string[] = [];
  // exec, not matchAll: a candidate that is no ID number (`15` of a date, then the first 16
  // digits of the real number) must not swallow the number; the search resumes one digit on.
  const pattern = new RegExp(READABLE_ID);
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const candidate = match[0].replace(/[^0-9xX]/g, '').toUpperCase();
    if (PROVINCE_CODES.has(Number(candidate.slice(0, 2))) && !ignore.has(candidate) && idNumberProblem(candidate) === null && (bornBy === undefined || birthDateOf(candidate)! <= bornBy)) found.push(candidate);
    else pattern.lastIndex = match.index + 1;
  }
  return found;
}
