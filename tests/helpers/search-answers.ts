// What a person sees for each of a set of queries against an entry search index read in Node:
// the counts, the cards in order (their slots aside, court and district by name) and the removal
// notices. Two indexes that answer alike give equal arrays, whatever their slot numbers.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SearchIndex, type Filters } from '../../scripts/lib/shared/search/engine.ts';
import { planQuery } from '../../scripts/lib/shared/search/query.ts';
import { C, type Card } from '../../scripts/lib/shared/search/format.ts';
import { nameReadings } from '../../scripts/lib/pinyin.ts';
import { SEARCH_INDEX_DIR } from '../../scripts/lib/search/index-files.ts';

/** An index's files by name (as index-build.ts returns them), or the release folder holding one. */
export type IndexLocation = ReadonlyMap<string, string> | string;

/** Filters by court name (a court is a position in each index's own manifest). */
export type AskedFilters = Omit<Filters, 'court'> & { court?: string };

function source(at: IndexLocation) {
  return async (file: string) => {
    const text = typeof at === 'string' ? await readFile(path.join(at, SEARCH_INDEX_DIR, file), 'utf8').catch(() => undefined) : at.get(file);
    return text === undefined ? null : JSON.parse(text);
  };
}

/** Queries that reach every entry given: names, surnames, pinyin, initials, ids, case numbers with and without the year, ID numbers and their prefixes, credit codes. */
export function queriesFor(entries: readonly { id: string; name: string; kind: string; caseNumber: string; idNumberMasked?: string | undefined; creditCode?: string | undefined }[]): string[] {
  const qs = new Set<string>(['']);
  for (const e of entries) {
    qs.add(e.name).add(e.name.slice(0, 1)).add(e.name.slice(1)).add(e.id).add(e.caseNumber).add(e.caseNumber.replace(/^\(\d{4}\)/, ''));
    const serial = /执\d+/.exec(e.caseNumber)?.[0];
    if (serial) qs.add(serial);
    if (e.idNumberMasked) qs.add(e.idNumberMasked).add(e.idNumberMasked.slice(0, 10)).add(`${e.name} ${e.idNumberMasked}`);
    if (e.creditCode) qs.add(e.creditCode);
    if (e.kind === 'person') {
      const { syllables, initials } = nameReadings(e.name);
      qs.add(syllables.join('')).add(initials).add(syllables.join(' ')).add(syllables[0] ?? '');
    }
  }
  return [...qs];
}

/** Each query with the first two filters; the empty query (browsing) with every filter. */
export async function searchAnswers(at: IndexLocation, queries: readonly string[], filters: readonly AskedFilters[] = [{}]): Promise<unknown[]> {
  const index = await SearchIndex.open(source(at));
  const { courts, districts } = index.manifest;
  const shown = (c: Card) => [c[C.id], c[C.name], c[C.sex], c[C.age], c[C.ident], courts[c[C.court]], c[C.caseNumber], c[C.publishedOn], districts[c[C.district]], c[C.behaviours], c[C.kind]];
  const out: unknown[] = [];
  for (const q of queries) {
    const plan = planQuery(q);
    for (const [i, asked] of filters.entries()) {
      if (q !== '' && i > 1) continue;
      const numeric: Filters = { ...asked, court: asked.court === undefined ? undefined : courts.indexOf(asked.court) } as Filters;
      if (asked.court === undefined) delete numeric.court;
      const results = await index.answer(plan, numeric);
      const cards = await index.cards(results, 0, results.total);
      out.push({ q, filters: asked, total: results.total, approximate: results.approximate, byId: results.byId, cards: cards.map(shown), notices: await index.removalNotices(plan.removalTokens) });
    }
  }
  return out;
}
