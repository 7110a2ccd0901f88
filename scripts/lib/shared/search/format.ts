// The entry search index: its files and tokens. Shared by the build (which writes and updates
// it) and the browser (which reads it), so it depends on nothing but ./normalise.ts and runs in
// either place.
//
// Why our own index and not Pagefind for entries: a name query must come back in one round
// trip on a phone (Pagefind needs three in a row: metadata, index chunk, fragment — over 1.6 s on
// Fast 3G before any work), the metadata every visitor loads grew to ~1 MB at 100,000 entries,
// and one delisting meant rebuilding the whole index (2–4 minutes at 100,000). Here:
//
//   search/manifest.json   bucket count, card shard size, courts and districts (a few KB)
//   search/t/<b>.json      tokens hashed into buckets: { token: posting }
//   search/d/<b>.json      the same for the cards updates appended since the build (see below)
//   search/cards/<k>.json  result cards of slots k·SHARD … k·SHARD+SHARD-1 (null = removed)
//   search/attrs.json      filter attributes of every slot, for browsing and large result sets
//   search/order.json      the live slots in the list's order (newest first), as deltas, for browsing
//
// Entries that left the list keep their notice page (/entry/<id>/: case number, court, decision
// type, date, doc number; no personal data). Their case-number and id tokens map to that notice
// only: a bucket holds, beside a token's posting, `g<token>` → NoticeRef[] (in the token's own
// bucket, so the same request answers both). Never a name, ID or credit code of a gone entry.
//
// A slot is where an entry's card is kept. A build numbers slots in the list's order (newest
// first); a publication's update (scripts/lib/search/index-build.ts) leaves a hole where an
// entry left or changed and appends new cards at the end, so no answer may follow slot numbers:
// order.json and every posting give the list's order. A token's posting is [n, cards] when it
// is rare (every card inline, best first: one request answers the query) or [n, firstCards,
// slotDeltas] when it is common (the best page inline, all slots in the list's order as deltas).
// An update rewrites only the base buckets of the tokens whose entries left or changed, the
// shards holding its holes and new cards, the attributes, the order and the manifest. Cards it
// appends are found through a second, smaller family of buckets, search/d/<b>.json (the
// manifest's `delta`: slots from `delta.from` on), so that a batch of new entries rewrites a few
// hundred small files, not most buckets of the index; a lookup fetches the token's bucket of
// each family at once and merges the two postings in the list's order (order.json: mergePostings).

import { hanCharacters } from './normalise.ts';

/** Every token of a name is a substring of at most this many characters; longer queries use windows. */
export const MAX_HAN_TOKEN = 4;
/** A posting with at most this many entries carries all their cards. */
export const INLINE_CARDS = 40;
/** Cards per result page, and cards a common token carries inline. */
export const PAGE = 20;

/** Token prefixes: one letter per kind of thing indexed, so kinds never collide. */
export const T = { han: 'h', pinyin: 'p', initials: 'i', caseNumber: 'c', courtSerial: 'k', serial: 's', creditCode: 'u', maskedId: 'm', idPrefix: 'x', entryId: 'e' } as const;

/** [entry id, case number as shown, court, decision type (屏蔽/撤销/删除/期满), date]: what a removal notice page shows. */
export type NoticeRef = [string, string, string, string, string];
/** Where a token's notices are kept: in the token's bucket, under this key. */
export const noticeKey = (token: string) => `g${token}`;
/** Newest first, then by id: the order of the notices page. */
export const byNoticeOrder = (a: NoticeRef, b: NoticeRef) => b[4].localeCompare(a[4]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export interface Manifest {
  v: 1;
  buckets: number;
  shard: number;
  /** Slots in the index, removed ones included. */
  slots: number;
  /** Entries searchable now. */
  live: number;
  courts: string[];
  districts: string[];
  behaviours: string[];
  /** Characters in all bucket files: an update compacts (builds anew) when the buckets have grown too big. */
  size?: number;
  /** Cards appended by updates since the index was built: slots from `from` on, in `buckets` files under d/ (deltaPath) of `size` characters. */
  delta?: { from: number; buckets: number; size: number };
}

/** [slot, entry id, name, sex (男/女; '' for organisations), age, masked ID or credit code, court #, case number, published on, district #, behaviour bits, kind (p/o)] */
export type Card = [number, string, string, string, number | null, string, number, string, string, number, number, 'p' | 'o'];
export const C = { slot: 0, id: 1, name: 2, sex: 3, age: 4, ident: 5, court: 6, caseNumber: 7, publishedOn: 8, district: 9, behaviours: 10, kind: 11 } as const;

export type Posting = [number, Card[]] | [number, Card[], number[]];

/** FNV-1a over UTF-16 code units: the same bucket in Node and every browser. */
export function bucketOf(token: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % buckets;
}

export const bucketPath = (b: number) => `t/${b}.json`;
export const deltaPath = (b: number) => `d/${b}.json`;
export const shardPath = (k: number) => `cards/${k}.json`;

const nameLength = (card: Card) => hanCharacters(card[C.name]).length || card[C.name].length;
export const isNameToken = (token: string) => token[0] === T.han || token[0] === T.pinyin || token[0] === T.initials;

/**
 * A token's cards, best first: for a name token the shortest names first (the exact name, then
 * longer names containing it), then the list's order; for any other token the list's order.
 * `rank` is a slot's place in the list (order.json).
 */
export function rankCards(token: string, cards: readonly Card[], rank: (slot: number) => number): Card[] {
  const list = (a: Card, b: Card) => rank(a[C.slot]) - rank(b[C.slot]);
  return [...cards].sort(isNameToken(token) ? (a, b) => nameLength(a) - nameLength(b) || list(a, b) : list);
}

/** All slots of a posting, in its order. */
export const slotsOfPosting = (posting: Posting): number[] => (posting.length === 3 ? decodeSlots(posting[2]) : posting[1].map((c) => c[C.slot]));

/**
 * One posting from a token's base and delta postings, as a build of all their entries would
 * write it: each holds its best page (or all its cards), so the best page of both is among them.
 */
export function mergePostings(token: string, a: Posting, b: Posting, rank: (slot: number) => number): Posting {
  const n = a[0] + b[0];
  const best = rankCards(token, [...a[1], ...b[1]], rank);
  if (n <= INLINE_CARDS) return [n, best];
  return [n, best.slice(0, PAGE), encodeSlots([...slotsOfPosting(a), ...slotsOfPosting(b)].sort((x, y) => rank(x) - rank(y)))];
}

/** Slots as deltas: small numbers while slots run in order (a built index), so common tokens stay small on the wire. */
export function encodeSlots(slots: readonly number[]): number[] {
  return slots.map((s, i) => (i === 0 ? s : s - slots[i - 1]!));
}
export function decodeSlots(deltas: readonly number[]): number[] {
  let at = 0;
  return deltas.map((d, i) => (at = i === 0 ? d : at + d));
}

// Attributes: five characters a slot, "~~~~~" once removed. Courts, districts and years each fit one character.
export const ATTR_WIDTH = 5;
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const REMOVED_ATTRS = '~~~~~';
export const MAX_CODE = DIGITS.length - 1;
export const YEAR_BASE = 2000;

export function encodeAttrs(card: Card): string {
  const year = Number(card[C.publishedOn].slice(0, 4)) - YEAR_BASE;
  return [card[C.court], card[C.district], card[C.kind] === 'p' ? 0 : 1, card[C.behaviours], year].map((n) => DIGITS[Math.max(0, Math.min(MAX_CODE, n))]).join('');
}

export interface Attrs {
  court: number;
  district: number;
  kind: 'p' | 'o';
  behaviours: number;
  year: number;
}
export function decodeAttrs(all: string, slot: number): Attrs | null {
  const s = all.slice(slot * ATTR_WIDTH, slot * ATTR_WIDTH + ATTR_WIDTH);
  if (s.length < ATTR_WIDTH || s === REMOVED_ATTRS) return null;
  const n = (i: number) => DIGITS.indexOf(s[i]!);
  return { court: n(0), district: n(1), kind: n(2) === 0 ? 'p' : 'o', behaviours: n(3), year: YEAR_BASE + n(4) };
}
export function attrsOfCard(card: Card): Attrs {
  return { court: card[C.court], district: card[C.district], kind: card[C.kind], behaviours: card[C.behaviours], year: Number(card[C.publishedOn].slice(0, 4)) };
}

/** How the kinds are labelled in filters and on cards. */
export const KIND_LABEL = { person: '自然人', org: '法人或其他组织' } as const;
