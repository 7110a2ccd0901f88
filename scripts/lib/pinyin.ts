// A person's name in pinyin (build side; pinyin-pro), as the search tokens, the hidden-party
// strings and the entry schema's check of record ids read it.
import { pinyin } from 'pinyin-pro';
import { hanCharacters } from './shared/search/normalise.ts';

/** The fields a reading needs: an organisation's name has none. */
export interface Named {
  name: string;
  kind: 'person' | 'org';
}

/** Readings pinyin-pro lacks: supplementary-plane variants of common characters. */
const EXTRA_READINGS: Record<string, string> = { '𠮷': 'ji' };

export function nameReadings(name: string): { syllables: string[]; initials: string } {
  const chars = hanCharacters(name);
  if (chars.length === 0) return { syllables: [], initials: '' };
  // surname: 'head' reads the first character(s) as a surname: 单 shan, 曾 zeng, 解 xie, 长孙 zhangsun.
  const readings = pinyin(chars.join(''), { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' });
  const syllables = readings.map((r, i) => EXTRA_READINGS[chars[i] ?? ''] ?? r).map((r) => r.toLowerCase().replace(/[^a-z]/g, '')).filter(Boolean);
  return { syllables, initials: syllables.map((s) => s[0]).join('') };
}

/** A person's name in pinyin, run together (zhangweiming); organisations have none. */
export function pinyinJoined(entry: Named): string {
  return entry.kind === 'person' ? nameReadings(entry.name).syllables.join('') : '';
}

/**
 * pinyinJoined, remembered by name: pinyin-pro takes ~8 µs a name, 0.8 s for 100,000, which
 * a delisting cannot spend. Each publication keeps the published names' pinyin beside the
 * live state (publish.ts); the next one starts from them.
 */
export class PinyinMemo {
  readonly known: Map<string, string>;
  constructor(known: Iterable<[string, string]> = []) {
    this.known = new Map(known);
  }
  of(entry: Named): string {
    if (entry.kind !== 'person') return '';
    let joined = this.known.get(entry.name);
    if (joined === undefined) this.known.set(entry.name, (joined = pinyinJoined(entry)));
    return joined;
  }
}

