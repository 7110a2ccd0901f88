// The search record of a published entry: what Pagefind indexes, filters on and returns.
import type { PublishedEntry } from '../publish-state.ts';
import { BEHAVIOUR_SHORT } from '../rules/behaviours.ts';
import { searchTokensOf } from './tokens.ts';

export interface SearchRecord {
  url: string;
  content: string;
  language: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sort: Record<string, string>;
}

export const KIND_LABEL = { person: '自然人', org: '法人或其他组织' } as const;

/**
 * Every run of whole syllables, joined: zhang, zhangwei, zhangweiming, wei, weiming, ming.
 * Queried as one quoted (exact) word, a pinyin query then means "these syllables appear
 * together in the name", just as a Han query means "these characters appear together".
 */
export function syllableRuns(syllables: readonly string[]): string[] {
  const runs = new Set<string>();
  for (let i = 0; i < syllables.length; i++) for (let j = i + 1; j <= syllables.length; j++) runs.add(syllables.slice(i, j).join(''));
  return [...runs].filter((r) => r.length >= 2);
}

/**
 * A punctuation-only word takes a position in Pagefind's index without being indexed itself,
 * so it stops a quoted phrase from running from one group of words into the next.
 */
const GROUP_BREAK = '|';

export function searchRecordOf(entry: PublishedEntry, url: string): SearchRecord {
  const tokens = searchTokensOf(entry);
  // Only names and identifiers are searchable text: a court or district would otherwise
  // match a one-character name query (山 in 平山区). Those are filters instead.
  const groups = [tokens.han, syllableRuns(tokens.syllables), [tokens.initials], tokens.identifiers].map((g) => g.filter(Boolean)).filter((g) => g.length);
  const meta: Record<string, string> = {
    title: entry.name,
    kind: entry.kind,
    court: entry.court,
    caseNumber: entry.caseNumber,
    publishedOn: entry.publishedOn,
    behaviours: entry.behaviours.join(','),
  };
  if (entry.kind === 'person') {
    meta.gender = entry.gender ?? '';
    meta.age = String(entry.age ?? '');
    meta.idNumberMasked = entry.idNumberMasked ?? '';
  } else {
    meta.creditCode = entry.creditCode ?? '';
    meta.legalRepresentative = entry.legalRepresentative ?? '';
  }
  return {
    url,
    content: groups.map((g) => g.join(' ')).join(` ${GROUP_BREAK} `),
    language: 'zh',
    meta,
    filters: {
      court: [entry.court],
      district: [entry.district],
      kind: [KIND_LABEL[entry.kind]],
      behaviour: entry.behaviours.map((b) => BEHAVIOUR_SHORT[b]),
      year: [entry.publishedOn.slice(0, 4)],
    },
    // nlen: phrase matches all score alike, so the shortest names (the exact match) sort first.
    // No date key: records are indexed newest first and a search without words keeps that
    // order; each sort key costs every visitor about 2 bytes per entry in Pagefind's metadata.
    sort: { nlen: String(tokens.han.length) },
  };
}
