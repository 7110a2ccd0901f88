// The tokens an entry is found by (build side; needs pinyin-pro). A query is answered by
// looking tokens up whole, so every way a person may type a name is indexed as a token:
// each run of 1–4 characters of the name, each run of whole pinyin syllables, the initials,
// and the identifiers.
import type { Entry } from '../schema/entry.ts';
import { hanCharacters } from '../shared/search/normalise.ts';
import { caseNumberToken, courtSerialTokens, creditCodeToken, entryIdToken, idPrefixToken, maskedIdToken, serialToken } from '../shared/search/codes.ts';
import { canonicalCaseNumber, parseCaseNumber } from '../shared/rules/case-number.ts';
import { MAX_HAN_TOKEN, T } from '../shared/search/format.ts';
import { appendAll } from '../arrays.ts';
import { nameReadings } from '../pinyin.ts';

/** Every run of whole syllables, joined: zhang, zhangwei, zhangweiming, wei, weiming, ming. */
export function syllableRuns(syllables: readonly string[]): string[] {
  const runs = new Set<string>();
  for (let i = 0; i < syllables.length; i++) for (let j = i + 1; j <= syllables.length; j++) runs.add(syllables.slice(i, j).join(''));
  return [...runs].filter((r) => r.length >= 2);
}

/** Every run of 1 to MAX_HAN_TOKEN characters: a query of that length is one token lookup. */
export function hanRuns(chars: readonly string[]): string[] {
  const runs = new Set<string>();
  for (let i = 0; i < chars.length; i++) for (let j = i + 1; j <= Math.min(chars.length, i + MAX_HAN_TOKEN); j++) runs.add(chars.slice(i, j).join(''));
  return [...runs];
}

export function searchTokensOf(entry: Pick<Entry, 'id' | 'name' | 'kind' | 'caseNumberCanonical' | 'creditCode' | 'idNumberMasked'>): string[] {
  const tokens = hanRuns(hanCharacters(entry.name)).map((run) => T.han + run);
  // Organisation names are long: pinyin for them helps nobody and bloats the index.
  if (entry.kind === 'person') {
    const { syllables, initials } = nameReadings(entry.name);
    appendAll(tokens, syllableRuns(syllables).map((run) => T.pinyin + run));
    if (initials.length >= 2) tokens.push(T.initials + initials);
  }
  const identifiers: (string | null)[] = [caseNumberToken(entry.caseNumberCanonical), ...courtSerialTokens(entry.caseNumberCanonical), serialToken(entry.caseNumberCanonical), entryIdToken(entry.id)];
  if (entry.creditCode) identifiers.push(creditCodeToken(entry.creditCode));
  if (entry.idNumberMasked) identifiers.push(maskedIdToken(entry.idNumberMasked), idPrefixToken(entry.idNumberMasked));
  appendAll(tokens, identifiers.filter((t): t is string => t !== null));
  return [...new Set(tokens)];
}

/**
 * The tokens that lead to a gone entry's removal notice: its case number (with and without the
 * year) and its id, what is public on the notice page. The serial alone (执123) is left out: it
 * names no one case, and would list notices of strangers beside every serial search.
 */
export function noticeTokensOf(gone: { id: string; caseNumber: string }): string[] {
  const parsed = parseCaseNumber(gone.caseNumber);
  const canonical = parsed ? canonicalCaseNumber(parsed) : null;
  return [...new Set([...(canonical ? [caseNumberToken(canonical), ...courtSerialTokens(canonical)] : []), entryIdToken(gone.id)])];
}
