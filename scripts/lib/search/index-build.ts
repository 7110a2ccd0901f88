// Builds the entry search index (format: ../shared/search/format.ts) from the published entries,
// and updates a built one for a publication's changes. Pure: files in, files out; the caller writes.
import type { GoneEntry, PublishedEntry } from '../publish-state.ts';
import { newestFirst } from '../list-order.ts';
import { BEHAVIOUR_CODES } from '../shared/rules/behaviours.ts';
import { entryIdToken } from '../shared/search/codes.ts';
import { canonicalCaseNumber, parseCaseNumber } from '../shared/rules/case-number.ts';
import { noticeTokensOf, searchTokensOf } from './tokens.ts';
import {
  C, INLINE_CARDS, MAX_CODE, PAGE, REMOVED_ATTRS, T,
  bucketOf, bucketPath, byNoticeOrder, decodeSlots, deltaPath, encodeAttrs, encodeSlots, isNameToken, noticeKey, rankCards, shardPath, slotsOfPosting,
  type Card, type Manifest, type NoticeRef, type Posting,
} from '../shared/search/format.ts';
import { appendAll } from '../arrays.ts';

/** Cards per shard file: one request shows a page of a browse, newest first. */
export const SHARD = 64;
/** Bucket files aim at about this many bytes, so one lookup is one small request. */
const BUCKET_BYTES = 8 * 1024;
/**
 * An update builds the index anew, compacted, once more than this share of its slots would be
 * holes. A hole costs a browse five bytes of attrs.json and a shard four of "null"; at a quarter
 * a browse fetches at most a third more than a compact index's, while a rebuild renumbers every
 * slot (every card shard and most buckets: tens of thousands of files at 100,000 entries).
 */
export const MAX_HOLES = 0.25;
/**
 * ... and once the buckets hold this many times the bytes a build aims at: a build would then
 * choose at least twice as many buckets, and each lookup fetches twice the bytes it should.
 */
const MAX_BUCKET_GROWTH = 2;
/**
 * ... and once more than this share of its slots were appended since the build: every lookup
 * then reads two bucket files and the list's order, and the delta is as big as the base.
 */
export const MAX_DELTA = 0.5;

export type IndexFiles = Map<string, string>;

/** What the index holds of an entry: its card's fields and its tokens' inputs. */
export type IndexedEntry = Pick<PublishedEntry, 'id' | 'name' | 'kind' | 'gender' | 'age' | 'idNumberMasked' | 'creditCode' | 'court' | 'caseNumber' | 'caseNumberCanonical' | 'publishedOn' | 'district' | 'behaviours'>;

export interface IndexInput {
  entries: readonly IndexedEntry[];
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

export function cardOf(entry: IndexedEntry, slot: number, manifest: Pick<Manifest, 'courts' | 'districts'>): Card {
  const behaviours = entry.behaviours.reduce((bits, b) => bits | (1 << BEHAVIOUR_CODES.indexOf(b)), 0);
  return [
    slot, entry.id, entry.name, entry.kind === 'person' ? (entry.gender ?? '') : '', entry.age ?? null,
    (entry.kind === 'person' ? entry.idNumberMasked : entry.creditCode) ?? '',
    codeOf(manifest.courts, entry.court, '执行法院'), entry.caseNumber, entry.publishedOn,
    codeOf(manifest.districts, entry.district, '区县'), behaviours, entry.kind === 'person' ? 'p' : 'o',
  ];
}

/**
 * The order every answer follows, whatever the slots: the list's own (publish-state.ts sorts
 * entries so), newest first, then by id. A built index numbers slots in this order; an updated
 * one appends, so its order.json and postings say the order, never the slot numbers.
 */
const cardKey = (c: Card) => ({ publishedOn: c[C.publishedOn], id: c[C.id] });

/** A token's posting from all its cards; `rank` is a slot's place in the list. */
export function postingOf(token: string, cards: readonly Card[], rank: (slot: number) => number): Posting {
  const best = rankCards(token, cards, rank);
  if (cards.length <= INLINE_CARDS) return [cards.length, best];
  return [cards.length, best.slice(0, PAGE), encodeSlots(cards.map((c) => c[C.slot]).sort((a, b) => rank(a) - rank(b)))];
}

function nextPowerOfTwo(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}

/** Slots, newest first, as order.json says them (live slots only). */
const orderFile = (slots: readonly number[]) => JSON.stringify(encodeSlots(slots));

export function buildSearchIndex(input: IndexInput): IndexFiles {
  return new Map(searchIndexFiles(input));
}

/**
 * The files of a new index, one at a time, made as they are asked for: a caller that writes each
 * before asking for the next never holds the index whole (at 1,000,000 entries its files are
 * about 3 GB of text, which a Map of them would keep alive until written). Each token's posting
 * is let go once its bucket is made. The manifest comes last: it counts the buckets' bytes.
 */
export function* searchIndexFiles({ entries, gone = [], courts }: IndexInput): Generator<[file: string, text: string], void, undefined> {
  const manifest: Manifest = { v: 1, buckets: 0, shard: SHARD, slots: entries.length, live: entries.length, courts: courts.map((c) => c.name), districts: [], behaviours: BEHAVIOUR_CODES.map(String), size: 0 };
  const listed = [...entries].sort(newestFirst);
  const cards = listed.map((entry, slot) => cardOf(entry, slot, manifest));
  const byToken = new Map<string, Card[]>();
  listed.forEach((entry, slot) => {
    for (const token of searchTokensOf(entry)) {
      const list = byToken.get(token);
      if (list) list.push(cards[slot]!);
      else byToken.set(token, [cards[slot]!]);
    }
  });
  const postings = new Map<string, string>();
  let bytes = 0;
  const rank = (slot: number) => slot;
  for (const [token, list] of byToken) {
    const json = JSON.stringify(postingOf(token, list, rank));
    postings.set(token, json);
    byToken.delete(token); // its cards are in the posting's text now
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

  // Which keys each bucket holds, in the order a bucket lists them: postings, then notices.
  const members: { postings: string[]; notices: string[] }[] = Array.from({ length: manifest.buckets }, () => ({ postings: [], notices: [] }));
  for (const token of postings.keys()) members[bucketOf(token, manifest.buckets)]!.postings.push(token);
  for (const token of notices.keys()) members[bucketOf(token, manifest.buckets)]!.notices.push(token);
  for (let b = 0; b < manifest.buckets; b++) {
    const { postings: tokens, notices: noticeTokens } = members[b]!;
    const parts = tokens.map((token) => `${JSON.stringify(token)}:${postings.get(token)!}`);
    for (const token of tokens) postings.delete(token);
    for (const token of noticeTokens) parts.push(`${JSON.stringify(noticeKey(token))}:${JSON.stringify(notices.get(token)!)}`);
    members[b] = { postings: [], notices: [] };
    const text = `{${parts.join(',')}}`;
    manifest.size! += text.length;
    yield [bucketPath(b), text];
  }
  for (let k = 0; k * SHARD < cards.length; k++) yield [shardPath(k), JSON.stringify(cards.slice(k * SHARD, (k + 1) * SHARD))];
  yield ['attrs.json', JSON.stringify(cards.map(encodeAttrs).join(''))];
  yield ['order.json', orderFile(cards.map((c) => c[C.slot]))];
  yield ['manifest.json', JSON.stringify(manifest)];
}

/** The tokens the index holds a card under, from the card alone (its name, kind, identifiers, case number and id). */
function tokensOfCard(card: Card): string[] {
  const parsed = parseCaseNumber(card[C.caseNumber]);
  const person = card[C.kind] === 'p';
  const ident = card[C.ident] || undefined;
  return searchTokensOf({
    id: card[C.id], name: card[C.name], kind: person ? 'person' : 'org', caseNumberCanonical: parsed ? canonicalCaseNumber(parsed) : '',
    idNumberMasked: person ? ident : undefined, ...(!person && ident ? { creditCode: ident } : {}),
  }).filter((t) => t !== T.caseNumber);
}

/** What index fields show of an entry: equal for two records means the index need not change. */
const indexedText = (e: IndexedEntry) => JSON.stringify([e.id, e.name, e.kind, e.gender ?? null, e.age ?? null, e.idNumberMasked ?? null, e.creditCode ?? null, e.court, e.caseNumber, e.caseNumberCanonical, e.publishedOn, e.district, e.behaviours]);

/**
 * What an update must do to go from the entries an index was built from to these: the old
 * records of entries gone or changed (as far as the index shows them), and the new records of
 * entries added or changed. An entry whose indexed fields did not change is in neither.
 */
export function indexDiff(before: readonly IndexedEntry[], after: readonly IndexedEntry[]): { removed: IndexedEntry[]; added: IndexedEntry[] } {
  const old = new Map(before.map((e) => [e.id, e]));
  const added: IndexedEntry[] = [];
  for (const e of after) {
    const was = old.get(e.id);
    if (was && indexedText(was) === indexedText(e)) old.delete(e.id);
    else added.push(e);
  }
  return { removed: [...old.values()], added };
}

export interface IndexUpdate {
  /** Entries leaving the index or changing: their records as the index holds them. */
  removed: readonly IndexedEntry[];
  /** Entries new to the index or changed: their records now. */
  added: readonly IndexedEntry[];
  /** Removal notices to add (or replace, by id), and to withdraw. */
  notices?: readonly GoneEntry[];
  withdrawnNotices?: readonly GoneEntry[];
  courts: readonly { name: string }[];
}

/** The compaction thresholds (tests lower or raise them). */
export interface UpdateLimits {
  maxHoles?: number;
  maxBucketGrowth?: number;
  maxDelta?: number;
}

/**
 * One family of buckets (the base, t/, or the delta, d/), read lazily and changed token by
 * token; `files` gives the buckets that changed, or all of them again over `count` buckets.
 */
class Buckets {
  private readonly loaded = new Map<number, Record<string, unknown>>();
  private readonly sizes = new Map<number, number>();
  private readonly changed = new Set<number>();
  private readonly path: (b: number) => string;
  readonly count: number;
  private readonly size: number;
  private readonly read: (file: string) => Promise<string>;
  constructor(path: (b: number) => string, count: number, size: number, read: (file: string) => Promise<string>) {
    this.path = path;
    this.count = count;
    this.size = size;
    this.read = read;
  }

  private async bucket(b: number): Promise<Record<string, unknown>> {
    let postings = this.loaded.get(b);
    if (!postings) {
      const text = b < this.count ? await this.read(this.path(b)) : '{}';
      this.sizes.set(b, text.length);
      this.loaded.set(b, (postings = JSON.parse(text) as Record<string, unknown>));
    }
    return postings;
  }

  async get<V>(key: string, token = key): Promise<V | undefined> {
    return this.count ? ((await this.bucket(bucketOf(token, this.count)))[key] as V | undefined) : undefined;
  }

  /** Sets (or with undefined deletes) `key`, which lives in `token`'s bucket. */
  async set(key: string, value: unknown, token = key): Promise<void> {
    // A family with no bucket yet (a new delta) gathers its postings in one, spread by `rebucketed`.
    const b = this.count ? bucketOf(token, this.count) : 0;
    const postings = await this.bucket(b);
    if (value === undefined) delete postings[key];
    else postings[key] = value;
    this.changed.add(b);
  }

  /** The changed buckets' files, and the family's size after. */
  files(): { files: IndexFiles; size: number } {
    const files: IndexFiles = new Map();
    let size = this.size;
    for (const b of this.changed) {
      const text = JSON.stringify(this.loaded.get(b));
      size += text.length - this.sizes.get(b)!;
      files.set(this.path(b), text);
    }
    return { files, size };
  }

  /** Every posting of the family, changes applied, spread over `count` buckets (all their files). */
  async rebucketed(count: number): Promise<{ files: IndexFiles; size: number }> {
    const all = new Map<string, unknown>();
    const every = new Set([...Array.from({ length: this.count }, (_, b) => b), ...this.loaded.keys()]);
    for (const b of every) for (const [key, value] of Object.entries(await this.bucket(b))) all.set(key, value);
    const spread: Record<string, unknown>[] = Array.from({ length: count }, () => ({}));
    for (const [key, value] of all) spread[bucketOf(key, count)]![key] = value;
    const files: IndexFiles = new Map();
    let size = 0;
    spread.forEach((postings, b) => {
      const text = JSON.stringify(postings);
      size += text.length;
      files.set(this.path(b), text);
    });
    return { files, size };
  }
}

/**
 * Updates a built index in place of a rebuild: the slots of removed and changed entries become
 * holes (null cards, "removed" attributes, gone from every posting of their tokens), added and
 * changed entries get new slots at the end, found through the delta buckets (format.ts), and
 * only the files whose contents change are returned: the base buckets of the tokens of the
 * entries that left, the delta buckets of the tokens touched there, the card shards with a hole
 * or a new card, attrs.json, order.json and the manifest. Answers follow the list's order
 * (order.json, and postings in that order), so every query is answered as by a build from
 * scratch. Reads only what it needs, through `read`. Null when it should not: the courts
 * changed, or holes, bucket growth or the delta passed their limits (MAX_HOLES, MAX_DELTA);
 * then the caller builds the index anew, compacted.
 */
export async function updateSearchIndex(update: IndexUpdate, read: (file: string) => Promise<string>, limits: UpdateLimits = {}): Promise<IndexFiles | null> {
  const load = async <V>(file: string): Promise<V> => JSON.parse(await read(file)) as V;
  const manifest = await load<Manifest>('manifest.json');
  const nothing = [update.removed, update.added, update.notices ?? [], update.withdrawnNotices ?? []].every((list) => list.length === 0);
  const courtNames = update.courts.map((c) => c.name);
  // Cards carry courts by their place in the manifest: any change to the list of courts (one
  // added, one left with no entry) is a build anew, as a build from the list would number them.
  if (manifest.size === undefined || courtNames.length !== manifest.courts.length || courtNames.some((name, i) => manifest.courts[i] !== name)) return null;
  if (nothing) return new Map();

  const shards = new Map<number, (Card | null)[]>();
  const changedShards = new Set<number>();
  const shardOf = async (k: number) => {
    let cards = shards.get(k);
    if (!cards) shards.set(k, (cards = k * manifest.shard < manifest.slots ? await load<(Card | null)[]>(shardPath(k)) : []));
    return cards;
  };
  const fresh = new Map<number, Card>();
  const cardAt = async (slot: number): Promise<Card> => fresh.get(slot) ?? (await shardOf(Math.floor(slot / manifest.shard)))[slot % manifest.shard]!;
  const base = new Buckets(bucketPath, manifest.buckets, manifest.size, read);
  const from = manifest.delta?.from ?? manifest.slots;
  const delta = new Buckets(deltaPath, manifest.delta?.buckets ?? 0, manifest.delta?.size ?? 0, read);
  const familyOf = (slot: number) => (slot < from ? base : delta);

  // The slots to empty: found by the id's own token (its posting is tiny, its cards inline).
  // An added entry already in the index (a re-run) is emptied too, never held twice. Their
  // tokens are what the card says and what the old record says: a posting the caller's
  // record would miss must not keep the card (and the name on it).
  const oldRecord = new Map(update.removed.map((e) => [e.id, e]));
  const holes = new Map<number, Set<string>>();
  for (const entry of [...update.removed, ...update.added]) {
    const token = entryIdToken(entry.id);
    const held = [...((await base.get<Posting>(token))?.[1] ?? []), ...((await delta.get<Posting>(token))?.[1] ?? [])];
    for (const card of held) {
      if (card[C.id] !== entry.id || holes.has(card[C.slot])) continue;
      const record = oldRecord.get(entry.id);
      holes.set(card[C.slot], new Set([...tokensOfCard(card), ...(record ? searchTokensOf(record) : [])]));
    }
  }
  const slots = manifest.slots + update.added.length;
  const live = manifest.live - holes.size + update.added.length;
  if (slots - live > slots * (limits.maxHoles ?? MAX_HOLES)) return null;
  if (slots - from > slots * (limits.maxDelta ?? MAX_DELTA)) return null;

  // New cards, numbered after the last slot in the list's order.
  const added = [...update.added].sort(newestFirst);
  added.forEach((entry, i) => fresh.set(manifest.slots + i, cardOf(entry, manifest.slots + i, manifest)));

  // The order: the old one without its holes, each new card put in its place.
  const old = decodeSlots(await load<number[]>('order.json')).filter((s) => !holes.has(s));
  const order: number[] = [];
  let next = 0;
  for (const [i] of added.entries()) {
    const slot = manifest.slots + i;
    const key = cardKey(fresh.get(slot)!);
    let lo = next;
    let hi = old.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (newestFirst(cardKey(await cardAt(old[mid]!)), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    appendAll(order, old.slice(next, lo)).push(slot);
    next = lo;
  }
  appendAll(order, old.slice(next));
  const place = new Int32Array(slots);
  order.forEach((slot, i) => (place[slot] = i));
  const rank = (slot: number) => place[slot]!;

  // Every token of an entry emptied or added, in the family that holds it: its posting again.
  const gone = new Set(holes.keys());
  const touched = new Map<Buckets, Map<string, Card[]>>([[base, new Map()], [delta, new Map()]]);
  for (const [slot, tokens] of holes) for (const token of tokens) if (!touched.get(familyOf(slot))!.has(token)) touched.get(familyOf(slot))!.set(token, []);
  for (const [slot, card] of fresh) {
    const tokens = touched.get(delta)!;
    for (const token of searchTokensOf(added[slot - manifest.slots]!)) {
      const list = tokens.get(token);
      if (list) list.push(card);
      else tokens.set(token, [card]);
    }
  }
  for (const [family, tokens] of touched) {
    for (const [token, newCards] of tokens) {
      const before = await family.get<Posting>(token);
      const inline = (before?.[1] ?? []).filter((c) => !gone.has(c[C.slot]));
      const held = before ? slotsOfPosting(before) : [];
      const kept = held.filter((s) => !gone.has(s));
      if (kept.length === held.length && newCards.length === 0) continue;
      const members = [...kept, ...newCards.map((c) => c[C.slot])].sort((a, b) => rank(a) - rank(b));
      if (members.length === 0) {
        await family.set(token, undefined);
        continue;
      }
      const known = new Map([...inline, ...newCards].map((c) => [c[C.slot], c]));
      const cardsOf = (list: readonly number[]) => Promise.all(list.map(async (s) => known.get(s) ?? (await cardAt(s))));
      if (members.length <= INLINE_CARDS) {
        await family.set(token, postingOf(token, await cardsOf(members), rank));
        continue;
      }
      // A common token: its best page. Kept whole, the old page was the best of the old members,
      // so the new best is among it and the new cards; a name token that lost one of its page
      // must look at every member's name again; any other token ranks by the list alone.
      const keptPage = before?.length === 3 && inline.length === before[1].length;
      const candidates = !isNameToken(token) ? await cardsOf(members.slice(0, PAGE)) : keptPage ? [...inline, ...newCards] : await cardsOf(members);
      await family.set(token, [members.length, rankCards(token, candidates, rank).slice(0, PAGE), encodeSlots(members)]);
    }
  }

  // Removal notices live in the base family only, under their token's bucket.
  for (const g of update.withdrawnNotices ?? []) {
    for (const token of noticeTokensOf(g)) {
      const kept = ((await base.get<NoticeRef[]>(noticeKey(token), token)) ?? []).filter((n) => n[0] !== g.id);
      await base.set(noticeKey(token), kept.length ? kept : undefined, token);
    }
  }
  for (const g of update.notices ?? []) {
    for (const token of noticeTokensOf(g)) {
      const list = ((await base.get<NoticeRef[]>(noticeKey(token), token)) ?? []).filter((n) => n[0] !== g.id);
      await base.set(noticeKey(token), [...list, noticeRefOf(g)].sort(byNoticeOrder), token);
    }
  }

  // Cards and attributes: holes emptied, new cards appended.
  let attrs = await load<string>('attrs.json');
  for (const slot of holes.keys()) {
    const k = Math.floor(slot / manifest.shard);
    (await shardOf(k))[slot % manifest.shard] = null;
    changedShards.add(k);
    attrs = attrs.slice(0, slot * REMOVED_ATTRS.length) + REMOVED_ATTRS + attrs.slice((slot + 1) * REMOVED_ATTRS.length);
  }
  for (const [slot, card] of fresh) {
    const k = Math.floor(slot / manifest.shard);
    (await shardOf(k))[slot % manifest.shard] = card;
    changedShards.add(k);
    attrs += encodeAttrs(card);
  }

  const baseFiles = base.files();
  if (baseFiles.size > manifest.buckets * BUCKET_BYTES * (limits.maxBucketGrowth ?? MAX_BUCKET_GROWTH)) return null;
  // The delta's buckets are spread again, over as many as a build would choose, when it is new or has outgrown them.
  let deltaFiles = delta.files();
  let deltaCount = delta.count;
  if (deltaFiles.files.size && (delta.count === 0 || deltaFiles.size > delta.count * BUCKET_BYTES * (limits.maxBucketGrowth ?? MAX_BUCKET_GROWTH))) {
    // A delta may be as small as one file (a build's base starts at 16).
    deltaCount = Math.max(delta.count, 2 ** Math.ceil(Math.log2(Math.max(1, deltaFiles.size / BUCKET_BYTES))));
    deltaFiles = await delta.rebucketed(deltaCount);
  }
  const out: IndexFiles = new Map([...baseFiles.files, ...deltaFiles.files]);
  for (const k of changedShards) out.set(shardPath(k), JSON.stringify(shards.get(k)));
  out.set('attrs.json', JSON.stringify(attrs));
  out.set('order.json', orderFile(order));
  const newManifest: Manifest = { ...manifest, slots, live, size: baseFiles.size, ...(deltaCount ? { delta: { from, buckets: deltaCount, size: deltaFiles.size } } : {}) };
  out.set('manifest.json', JSON.stringify(newManifest));
  return out;
}
