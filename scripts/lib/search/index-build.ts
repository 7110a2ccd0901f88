// Builds the entry search index (format: ../shared/search/format.ts) from the published entries, newest
// first, and removes entries from a built one. Pure: files in, files out; the caller writes.
import type { GoneEntry, PublishedEntry } from '../publish-state.ts';
import { BEHAVIOUR_CODES } from '../shared/rules/behaviours.ts';
import { hanCharacters } from '../shared/search/normalise.ts';
import { noticeTokensOf, searchTokensOf } from './tokens.ts';
import {
  C, INLINE_CARDS, MAX_CODE, PAGE, REMOVED_ATTRS, T,
  bucketOf, bucketPath, byNoticeOrder, decodeSlots, encodeAttrs, encodeSlots, noticeKey, shardPath,
  type Card, type Manifest, type NoticeRef, type Posting,
} from '../shared/search/format.ts';

/** Cards per shard file: one request shows a page of a browse, newest first. */
export const SHARD = 64;
/** Bucket files aim at about this many bytes, so one lookup is one small request. */
const BUCKET_BYTES = 8 * 1024;

export type IndexFiles = Map<string, string>;

export interface IndexInput {
  entries: readonly PublishedEntry[];
  /** Entries that left the list: their case numbers and ids lead to their removal notices. */
  gone?: readonly GoneEntry[];
  courts: readonly { name: string }[];
}

/** What the search may say about a gone entry: only what its notice page shows, never a name. */
export function noticeRefOf(gone: GoneEntry): NoticeRef {
  return [gone.id, gone.caseNumber, gone.court, gone.type, gone.date];
}

function codeOf(list: string[], value: string, what: string): number {
  let i = list.indexOf(value);
  if (i < 0) {
    i = list.push(value) - 1;
    if (i > MAX_CODE) throw new Error(`搜索索引最多支持 ${MAX_CODE + 1} 个${what}，实际更多：${value}`);
  }
  return i;
}

export function cardOf(entry: PublishedEntry, slot: number, manifest: Pick<Manifest, 'courts' | 'districts'>): Card {
  const behaviours = entry.behaviours.reduce((bits, b) => bits | (1 << BEHAVIOUR_CODES.indexOf(b)), 0);
  return [
    slot, entry.id, entry.name, entry.kind === 'person' ? (entry.gender ?? '') : '', entry.age ?? null,
    (entry.kind === 'person' ? entry.idNumberMasked : entry.creditCode) ?? '',
    codeOf(manifest.courts, entry.court, '执行法院'), entry.caseNumber, entry.publishedOn,
    codeOf(manifest.districts, entry.district, '区县'), behaviours, entry.kind === 'person' ? 'p' : 'o',
  ];
}

const nameLength = (card: Card) => hanCharacters(card[C.name]).length || card[C.name].length;

/** Name tokens rank the shortest names first: the exact name, then longer names containing it; then newest first. */
function ranked(token: string, cards: Card[]): Card[] {
  const byName = token[0] === T.han || token[0] === T.pinyin || token[0] === T.initials;
  return byName ? [...cards].sort((a, b) => nameLength(a) - nameLength(b) || a[C.slot] - b[C.slot]) : cards;
}

export function postingOf(token: string, cards: Card[]): Posting {
  const best = ranked(token, cards);
  if (cards.length <= INLINE_CARDS) return [cards.length, best];
  return [cards.length, best.slice(0, PAGE), encodeSlots(cards.map((c) => c[C.slot]).sort((a, b) => a - b))];
}

function nextPowerOfTwo(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}

export function buildSearchIndex({ entries, gone = [], courts }: IndexInput): IndexFiles {
  const manifest: Manifest = { v: 1, buckets: 0, shard: SHARD, slots: entries.length, live: entries.length, courts: courts.map((c) => c.name), districts: [], behaviours: BEHAVIOUR_CODES.map(String) };
  const cards = entries.map((entry, slot) => cardOf(entry, slot, manifest));
  const byToken = new Map<string, Card[]>();
  entries.forEach((entry, slot) => {
    for (const token of searchTokensOf(entry)) {
      const list = byToken.get(token);
      if (list) list.push(cards[slot]!);
      else byToken.set(token, [cards[slot]!]);
    }
  });
  const postings = new Map<string, string>();
  let bytes = 0;
  for (const [token, list] of byToken) {
    const json = JSON.stringify(postingOf(token, list));
    postings.set(token, json);
    bytes += json.length + token.length + 4;
  }
  const notices = new Map<string, NoticeRef[]>();
  for (const g of gone) {
    for (const token of noticeTokensOf(g)) {
      const list = notices.get(token);
      if (list) list.push(noticeRefOf(g));
      else notices.set(token, [noticeRefOf(g)]);
    }
  }
  for (const [token, list] of notices) bytes += JSON.stringify(list.sort(byNoticeOrder)).length + token.length + 5;
  manifest.buckets = nextPowerOfTwo(Math.ceil(bytes / BUCKET_BYTES));
  const buckets: string[][] = Array.from({ length: manifest.buckets }, () => []);
  for (const [token, json] of postings) buckets[bucketOf(token, manifest.buckets)]!.push(`${JSON.stringify(token)}:${json}`);
  for (const [token, list] of notices) buckets[bucketOf(token, manifest.buckets)]!.push(`${JSON.stringify(noticeKey(token))}:${JSON.stringify(list)}`);

  const files: IndexFiles = new Map();
  buckets.forEach((members, b) => files.set(bucketPath(b), `{${members.join(',')}}`));
  for (let k = 0; k * SHARD < cards.length; k++) files.set(shardPath(k), JSON.stringify(cards.slice(k * SHARD, (k + 1) * SHARD)));
  files.set('attrs.json', JSON.stringify(cards.map(encodeAttrs).join('')));
  files.set('manifest.json', JSON.stringify(manifest));
  return files;
}

/**
 * Takes entries out of a built index: their cards become null, their attributes "removed",
 * and every posting of their tokens loses them; `notices` (the removed entries' removal
 * notices) are added as a full build adds them. Reads only the files it changes (through
 * `read`) and returns them, rewritten. Slots are not renumbered: the next full build compacts.
 */
export async function removeFromSearchIndex(removed: readonly PublishedEntry[], read: (file: string) => Promise<string>, notices: readonly GoneEntry[]): Promise<IndexFiles> {
  // Each file is read once: the maps below keep what was read and changed.
  const load = async <T>(file: string): Promise<T> => JSON.parse(await read(file)) as T;
  const manifest = await load<Manifest>('manifest.json');
  let attrs = await load<string>('attrs.json');
  const shards = new Map<number, (Card | null)[]>();
  const shard = async (k: number) => {
    if (!shards.has(k)) shards.set(k, await load<(Card | null)[]>(shardPath(k)));
    return shards.get(k)!;
  };
  const cardAt = async (slot: number) => (await shard(Math.floor(slot / manifest.shard)))[slot % manifest.shard] ?? null;

  // Slots are found from the cards themselves: the entry id is on every card. Removed
  // entries are few, so their tokens' postings tell us where to look.
  const slotOf = new Map<string, number>();
  const buckets = new Map<number, Record<string, Posting>>();
  const bucket = async (b: number) => {
    if (!buckets.has(b)) buckets.set(b, await load<Record<string, Posting>>(bucketPath(b)));
    return buckets.get(b)!;
  };
  for (const entry of removed) {
    const [first] = searchTokensOf(entry).filter((t) => t[0] === T.caseNumber);
    const posting = first ? (await bucket(bucketOf(first, manifest.buckets)))[first] : undefined;
    const slots = posting ? (posting.length === 3 ? decodeSlots(posting[2]) : posting[1].map((c) => c[C.slot])) : [];
    for (const slot of slots) if ((await cardAt(slot))?.[C.id] === entry.id) slotOf.set(entry.id, slot);
  }

  for (const entry of removed) {
    const slot = slotOf.get(entry.id);
    if (slot === undefined) continue; // not in this index: nothing to take out
    for (const token of searchTokensOf(entry)) {
      const postings = await bucket(bucketOf(token, manifest.buckets));
      const posting = postings[token];
      if (!posting) continue;
      const n = posting[0] - 1;
      const cards = posting[1].filter((c) => c[C.slot] !== slot);
      if (n === 0) delete postings[token];
      else if (posting.length === 2) postings[token] = [n, cards];
      else {
        const slots = decodeSlots(posting[2]).filter((s) => s !== slot);
        // Keep a full first page inline: take the next slot not shown yet.
        if (cards.length < posting[1].length) {
          const shown = new Set(cards.map((c) => c[C.slot]));
          for (const s of slots) {
            if (cards.length >= Math.min(PAGE, n)) break;
            const card = shown.has(s) ? null : await cardAt(s);
            if (card) cards.push(card);
          }
        }
        postings[token] = n <= INLINE_CARDS ? postingOf(token, await Promise.all(slots.map(async (s) => (await cardAt(s))!))) : [n, cards, encodeSlots(slots)];
      }
    }
    (await shard(Math.floor(slot / manifest.shard)))[slot % manifest.shard] = null;
    attrs = attrs.slice(0, slot * REMOVED_ATTRS.length) + REMOVED_ATTRS + attrs.slice((slot + 1) * REMOVED_ATTRS.length);
    manifest.live--;
  }
  for (const g of notices) {
    for (const token of noticeTokensOf(g)) {
      const postings = (await bucket(bucketOf(token, manifest.buckets))) as unknown as Record<string, NoticeRef[]>;
      const key = noticeKey(token);
      postings[key] = [...(postings[key] ?? []).filter((n) => n[0] !== g.id), noticeRefOf(g)].sort(byNoticeOrder);
    }
  }
  const out: IndexFiles = new Map();
  for (const [b, postings] of buckets) out.set(bucketPath(b), JSON.stringify(postings));
  for (const [k, cards] of shards) out.set(shardPath(k), JSON.stringify(cards));
  out.set('attrs.json', JSON.stringify(attrs));
  out.set('manifest.json', JSON.stringify(manifest));
  return out;
}
