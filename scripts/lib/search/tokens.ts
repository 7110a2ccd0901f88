// What the search index holds for each entry (build side; needs pinyin-pro).
// Design: Pagefind matches words by prefix and ANDs them, so names are indexed as one
// word per Han character and queried as a quoted phrase: exact substring, in order.
import { pinyin } from 'pinyin-pro';
import type { Entry } from '../schema/entry.ts';
import { hanCharacters } from './normalise.ts';
import { caseNumberToken, creditCodeToken, idPrefixToken, maskedIdToken, serialToken } from './codes.ts';

/** Readings pinyin-pro lacks: supplementary-plane variants of common characters. */
const EXTRA_READINGS: Record<string, string> = { '𠮷': 'ji' };

export interface SearchTokens {
  han: string[];
  syllables: string[];
  pinyinJoined: string;
  initials: string;
  identifiers: string[];
}

export function nameReadings(name: string): { syllables: string[]; initials: string } {
  const chars = hanCharacters(name);
  if (chars.length === 0) return { syllables: [], initials: '' };
  // surname: 'head' reads the first character(s) as a surname: 单 shan, 曾 zeng, 解 xie, 长孙 zhangsun.
  const readings = pinyin(chars.join(''), { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' });
  const syllables = readings.map((r, i) => EXTRA_READINGS[chars[i] ?? ''] ?? r).map((r) => r.toLowerCase().replace(/[^a-z]/g, '')).filter(Boolean);
  return { syllables, initials: syllables.map((s) => s[0]).join('') };
}

export function searchTokensOf(entry: Pick<Entry, 'name' | 'kind' | 'caseNumberCanonical' | 'creditCode' | 'idNumberMasked'>): SearchTokens {
  const han = hanCharacters(entry.name);
  // Organisation names are long: pinyin for them helps nobody and bloats the index.
  const { syllables, initials } = entry.kind === 'person' ? nameReadings(entry.name) : { syllables: [], initials: '' };
  const identifiers: (string | null)[] = [caseNumberToken(entry.caseNumberCanonical), serialToken(entry.caseNumberCanonical)];
  if (entry.creditCode) identifiers.push(creditCodeToken(entry.creditCode));
  if (entry.idNumberMasked) identifiers.push(maskedIdToken(entry.idNumberMasked), idPrefixToken(entry.idNumberMasked));
  return { han, syllables, pinyinJoined: syllables.join(''), initials, identifiers: identifiers.filter((t): t is string => t !== null) };
}
