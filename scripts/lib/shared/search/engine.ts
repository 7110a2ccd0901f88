// Answers query lookups from the entry search index (format: ./format.ts). Runs in the
// browser and, for tests, in Node: all it needs is a way to fetch the index's JSON files.
// Every file is fetched at most once; the lookups of one query are fetched together, so a
// query costs one round trip when its tokens are rare (their cards come inline).
import type { Lookup, QueryPlan } from './query.ts';
import { hanCharacters } from './normalise.ts';
import { C, attrsOfCard, bucketOf, bucketPath, byNoticeOrder, decodeAttrs, decodeSlots, deltaPath, mergePostings, noticeKey, shardPath, type Attrs, type Card, type Manifest, type NoticeRef, type Posting } from './format.ts';

/** Fetches one index file (path relative to the index root) as parsed JSON; null when absent. */
export type Source = (file: string) => Promise<unknown>;

/** Numeric filters: court and district are positions in the manifest; behaviour is a bit. */
export interface Filters {
  court?: number;
  district?: number;
  kind?: 'p' | 'o';
  behaviour?: number;
  year?: number;
}

export interface Results {
  /** Matching slots, best first. */
  order: number[];
  total: number;
  /** True when a long name fragment matched too many entries to check every name: total is an upper bound. */
  approximate: boolean;
}

/** A long name fragment is checked against at most this many names; beyond that the count is "about". */
const VERIFY_LIMIT = 400;

interface Candidates {
  order: number[];
  set: Set<number>;
}

export class SearchIndex {
  private readonly files = new Map<string, Promise<unknown>>();
  private readonly known = new Map<number, Card>();

  private readonly source: Source;
  readonly manifest: Manifest;

  private constructor(source: Source, manifest: Manifest) {
    this.source = source;
    this.manifest = manifest;
  }

  static async open(source: Source): Promise<SearchIndex> {
    const manifest = (await source('manifest.json')) as Manifest | null;
    if (!manifest || manifest.v !== 1) throw new Error('search index: manifest.json missing or of an unknown version');
    return new SearchIndex(source, manifest);
  }

  private file<T>(path: string): Promise<T | null> {
    if (!this.files.has(path)) this.files.set(path, this.source(path).catch(() => null));
    return this.files.get(path) as Promise<T | null>;
  }

  private remember(cards: readonly Card[]): void {
    for (const card of cards) this.known.set(card[C.slot], card);
  }

  private ranks?: Promise<(slot: number) => number>;
  /** A slot's place in the list (order.json), for merging a token's base and delta postings. */
  private rank(): Promise<(slot: number) => number> {
    this.ranks ??= this.file<number[]>('order.json').then((deltas) => {
      const place = new Int32Array(this.manifest.slots);
      (deltas ? decodeSlots(deltas) : []).forEach((slot, i) => (place[slot] = i));
      return (slot: number) => place[slot]!;
    });
    return this.ranks;
  }

  async posting(token: string): Promise<Posting | undefined> {
    // With a delta, the token's bucket of each family and the order come together: one round trip.
    const delta = this.manifest.delta;
    const [bucket, extra, rank] = await Promise.all([
      this.file<Record<string, Posting>>(bucketPath(bucketOf(token, this.manifest.buckets))),
      delta ? this.file<Record<string, Posting>>(deltaPath(bucketOf(token, delta.buckets))) : null,
      delta ? this.rank() : null,
    ]);
    const [a, b] = [bucket?.[token], extra?.[token]];
    const posting = a && b && rank ? mergePostings(token, a, b, rank) : (a ?? b);
    if (posting) this.remember(posting[1]);
    return posting;
  }

  /** Removal notices of gone entries found by these tokens (QueryPlan.removalTokens), newest first. */
  async removalNotices(tokens: readonly string[]): Promise<NoticeRef[]> {
    const lists = await Promise.all(tokens.map(async (token) => {
      const bucket = await this.file<Record<string, unknown>>(bucketPath(bucketOf(token, this.manifest.buckets)));
      return (bucket?.[noticeKey(token)] ?? []) as NoticeRef[];
    }));
    const byId = new Map(lists.flat().map((n) => [n[0], n]));
    return [...byId.values()].sort(byNoticeOrder);
  }

  /** Slots of a posting, best first: the inline (ranked) cards, then the rest in the list's order. */
  private static slotsOf(posting: Posting | undefined): number[] {
    if (!posting) return [];
    const first = posting[1].map((c) => c[C.slot]);
    if (posting.length === 2) return first;
    const shown = new Set(first);
    return [...first, ...decodeSlots(posting[2]).filter((s) => !shown.has(s))];
  }

  private async candidates(lookup: Lookup): Promise<Candidates & { approximate: boolean }> {
    const lists = (await Promise.all(lookup.tokens.map((t) => this.posting(t)))).map((p) => SearchIndex.slotsOf(p));
    let order: number[];
    if (lookup.mode === 'any') order = [...new Set(lists.flat())];
    else {
      const rest = lists.slice(1).map((l) => new Set(l));
      order = lists[0]!.filter((s) => rest.every((r) => r.has(s)));
    }
    let approximate = false;
    if (lookup.contains) {
      const wanted = lookup.contains;
      const checkable = order.slice(0, VERIFY_LIMIT);
      await this.load(checkable);
      const kept = checkable.filter((s) => hanCharacters(this.known.get(s)?.[C.name] ?? '').join('').includes(wanted));
      approximate = order.length > VERIFY_LIMIT;
      order = [...kept, ...order.slice(VERIFY_LIMIT)];
    }
    return { order, set: new Set(order), approximate };
  }

  /** Fetches the card shards holding these slots (those not already known). */
  private async load(slots: readonly number[]): Promise<void> {
    const shards = new Set(slots.filter((s) => !this.known.has(s)).map((s) => Math.floor(s / this.manifest.shard)));
    const loaded = await Promise.all([...shards].map((k) => this.file<(Card | null)[]>(shardPath(k))));
    for (const cards of loaded) if (cards) this.remember(cards.filter((c): c is Card => c !== null));
  }

  private async attrsOf(slots: readonly number[]): Promise<(slot: number) => Attrs | null> {
    const all = slots.every((s) => this.known.has(s)) ? null : await this.file<string>('attrs.json');
    return (slot) => {
      const card = this.known.get(slot);
      return card ? attrsOfCard(card) : all ? decodeAttrs(all, slot) : null;
    };
  }

  /** Entries matching every lookup and the filters. Without lookups: everything the filters allow, newest first. */
  async search(lookups: readonly Lookup[], filters: Filters): Promise<Results> {
    let order: number[];
    let approximate = false;
    if (lookups.length === 0) {
      // Slot numbers are not the list's order once an update appended cards (format.ts): order.json is.
      const [deltas] = await Promise.all([this.file<number[]>('order.json'), this.file<string>('attrs.json')]);
      order = deltas ? decodeSlots(deltas) : Array.from({ length: this.manifest.slots }, (_, i) => i);
    } else {
      const parts = await Promise.all(lookups.map((l) => this.candidates(l)));
      approximate = parts.some((p) => p.approximate);
      // Names and pinyin rank best (exact name first); identifiers keep newest first.
      const primary = lookups.findIndex((l) => /^[hpi]/.test(l.tokens[0] ?? ''));
      const [lead] = parts.splice(Math.max(0, primary), 1);
      order = lead!.order.filter((s) => parts.every((p) => p.set.has(s)));
    }
    const active = Object.entries(filters).filter(([, v]) => v !== undefined && v !== null);
    if (active.length || lookups.length === 0) {
      const attrs = await this.attrsOf(order);
      order = order.filter((slot) => {
        const a = attrs(slot);
        if (!a) return false;
        return (
          (filters.court === undefined || a.court === filters.court) &&
          (filters.district === undefined || a.district === filters.district) &&
          (filters.kind === undefined || a.kind === filters.kind) &&
          (filters.behaviour === undefined || (a.behaviours & (1 << filters.behaviour)) !== 0) &&
          (filters.year === undefined || a.year === filters.year)
        );
      });
    }
    return { order, total: order.length, approximate };
  }

  /**
   * A plan's answer: the entry its id names when the query may be an id and one is found
   * (`byId`), else the entries matching its lookups. Both are asked at once: one round trip.
   */
  async answer(plan: Pick<QueryPlan, 'lookups' | 'entryId'>, filters: Filters): Promise<Results & { byId: boolean }> {
    const none: Results = { order: [], total: 0, approximate: false };
    const [byId, byLookups] = await Promise.all([
      plan.entryId ? this.search([plan.entryId], filters) : none,
      plan.entryId && plan.lookups.length === 0 ? none : this.search(plan.lookups, filters),
    ]);
    return byId.total ? { ...byId, byId: true } : { ...byLookups, byId: false };
  }

  /** The cards of results from..from+count, fetching what is not known yet. */
  async cards(results: Results, from: number, count: number): Promise<Card[]> {
    const slots = results.order.slice(from, from + count);
    await this.load(slots);
    return slots.map((s) => this.known.get(s)).filter((c): c is Card => c !== undefined);
  }
}
