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

/** Suffixes of the joined pinyin at syllable boundaries: zhangweiming, weiming, ming. */
function pinyinSuffixes(syllables: string[]): string[] {
  return syllables.map((_, i) => syllables.slice(i).join('')).filter((s) => s.length >= 2);
}

export function searchRecordOf(entry: PublishedEntry, url: string): SearchRecord {
  const tokens = searchTokensOf(entry);
  // Only names and identifiers are searchable text: a court or district would otherwise
  // match a one-character name query (山 in 平山区). Those are filters instead.
  const words = [...tokens.han, '。', ...pinyinSuffixes(tokens.syllables), tokens.initials, ...tokens.identifiers].filter(Boolean);
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
    content: words.join(' '),
    language: 'zh',
    meta,
    filters: {
      court: [entry.court],
      district: [entry.district],
      kind: [KIND_LABEL[entry.kind]],
      behaviour: entry.behaviours.map((b) => BEHAVIOUR_SHORT[b]),
      year: [entry.publishedOn.slice(0, 4)],
    },
    sort: { published: entry.publishedOn },
  };
}
