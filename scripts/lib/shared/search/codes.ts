// Identifiers (case numbers, credit codes, masked ID numbers) as index tokens. Each is looked
// up whole, so a query matches one identifier exactly and nothing longer: 执123 never reaches
// 执1234. Shared by the index (build) and the query (browser): keep it dependency-free.
import { T } from './format.ts';
import { withoutInvisible } from '../invisible.ts';

/** Full case number, canonical form `2018辽0502执123`. */
export function caseNumberToken(canonical: string): string {
  return `${T.caseNumber}${canonical}`;
}

/**
 * The case number without its year, as people copy it from a notice or a letter: with the
 * province (`k辽0502执123`) and without (`k0502执123`). Two tokens, so that 辽0502执123 never
 * finds 吉0502执123.
 */
export function courtSerialTokens(canonical: string): string[] {
  const match = /^\d{4}(\p{Script=Han})(\d{2,6}\p{Script=Han}{1,4}\d+)$/u.exec(canonical);
  return match ? [courtSerialToken(`${match[1]!}${match[2]!}`), courtSerialToken(match[2]!)] : [];
}

/** One of those, from a case number typed without its year (`辽0502执123`, `0502执123`; serial without leading zeros). */
export function courtSerialToken(withoutYear: string): string {
  return `${T.courtSerial}${withoutYear}`;
}

/** An entry id, compared as idKey (schema/fields.ts) compares ids: width, invisible characters, dashes and case do not matter. */
export function entryIdToken(id: string): string {
  return `${T.entryId}${withoutInvisible(id.normalize('NFKC')).replace(/[\u2010-\u2015\u2212]/g, '-').trim().toLowerCase()}`;
}

/** The case-type characters and serial alone (`执123`, `执恢45`), for queries that give only those. */
export function serialToken(canonical: string): string | null {
  const match = /([\p{Script=Han}]+)(\d+)$/u.exec(canonical);
  return match ? `${T.serial}${match[1]!}${Number(match[2]!)}` : null;
}

export function creditCodeToken(code: string): string {
  return `${T.creditCode}${code.toUpperCase()}`;
}

/** A masked ID `3423011964****3224`, as published. */
export function maskedIdToken(masked: string): string {
  return `${T.maskedId}${masked.toUpperCase()}`;
}

/** Digits a partial ID query must give before it narrows anything: all of the public prefix. */
export const PARTIAL_ID_DIGITS = 10;

/**
 * The first ten digits of an ID (region and birth year: public on every entry), as their own
 * token. A partial ID typed by a user is matched on these alone. Digits 11–14 are hidden on
 * every published entry; answering queries that contain them would let anyone recover a
 * birthday by trying all 366 dates.
 */
export function idPrefixToken(digits: string): string | null {
  return digits.length >= PARTIAL_ID_DIGITS ? `${T.idPrefix}${digits.slice(0, PARTIAL_ID_DIGITS)}` : null;
}
