// What a build adds to the published state: courts and their months for browsing, the
// append-only change feed, and the small traditional→simplified table the search box needs.
import * as OpenCC from 'opencc-js';
import type { GoneEntry, PublishedEntry, PublishState } from './publish-state.ts';
import { hanCharacters } from './shared/search/normalise.ts';
import { siteStats, type SiteStats } from './stats.ts';
import { caseNumberEntries } from './cases.ts';
import type { Provenance } from './schema/provenance.ts';
import { entryHash } from './entry-hash.ts';

export { entryHash } from './entry-hash.ts';
import type { PublicSigningKey } from './signing.ts';
import type { ChangeEvent } from './change-event.ts';

export type { ChangeEvent };

export interface Court {
  name: string;
  /** URL slug from the court code in its case numbers (辽0502 → 0502). */
  slug: string;
  district: string;
  count: number;
  /** Months with entries published in them (YYYY-MM), newest first: the court's list pages. */
  months: { month: string; count: number }[];
}

export interface BuildState extends PublishState {
  builtAt: string;
  courts: Court[];
  /** Years entries were published in, newest first: the search page's year filter. */
  years: string[];
  /** The change feed's last `seq` once this build's events are in the ledger. */
  lastChangeSeq: number;
  /** Traditional → simplified, only for characters that occur in indexed names. */
  traditionalToSimplified: Record<string, string>;
  /**
   * How many published entries carry each name (entry pages warn of namesakes). A table of the
   * whole list: in a partition of courts (partition.ts) it is what the other partitions add.
   */
  namesakes: Record<string, number>;
  /** /stats/: from the whole state and feed. */
  stats: SiteStats;
  /** Canonical case number a case cites → the entries (public, then gone) its link leads to (cases.ts). */
  caseNumberEntries: Record<string, string[]>;
  /** The key /data/index.json is signed with, as the data page shows it (open-data.ts). */
  signingKey?: PublicSigningKey;
}

/** What the build adds to the published state; `changes` is the whole ledger once this build's events are in. */
export function deriveBuildState(state: PublishState, changes: readonly ChangeEvent[], builtAt: string): BuildState {
  return {
    ...state,
    builtAt,
    courts: courtsOf(state.entries),
    years: [...new Set(state.entries.map((e) => e.publishedOn.slice(0, 4)))].sort().reverse(),
    lastChangeSeq: changes.at(-1)?.seq ?? 0,
    traditionalToSimplified: traditionalToSimplified(state.entries),
    namesakes: namesakesOf(state.entries),
    stats: siteStats(state.entries, changes),
    caseNumberEntries: caseNumberEntries(state),
  };
}

/** How many published entries carry each name. */
export function namesakesOf(entries: readonly Pick<PublishedEntry, 'name'>[]): Record<string, number> {
  const counts: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const entry of entries) counts[entry.name] = (counts[entry.name] ?? 0) + 1;
  return counts;
}

export function monthOf(entry: Pick<PublishedEntry, 'publishedOn'>): string {
  return entry.publishedOn.slice(0, 7);
}

function courtsOf(entries: readonly PublishedEntry[]): Court[] {
  const byName = new Map<string, { codes: Map<string, number>; district: string; count: number; months: Map<string, number> }>();
  for (const entry of entries) {
    const court = byName.get(entry.court) ?? { codes: new Map(), district: entry.district, count: 0, months: new Map() };
    const code = /^\d{4}\p{Script=Han}(\d+)/u.exec(entry.caseNumberCanonical)?.[1] ?? 'x';
    court.codes.set(code, (court.codes.get(code) ?? 0) + 1);
    court.months.set(monthOf(entry), (court.months.get(monthOf(entry)) ?? 0) + 1);
    court.count++;
    byName.set(entry.court, court);
  }
  const used = new Set<string>();
  return [...byName.entries()]
    .map(([name, c]) => {
      let slug = [...c.codes.entries()].sort((a, b) => b[1] - a[1])[0]![0];
      for (let n = 2; used.has(slug); n++) slug = `${slug}-${n}`;
      used.add(slug);
      const months = [...c.months.entries()].map(([month, count]) => ({ month, count })).sort((a, b) => b.month.localeCompare(a.month));
      return { name, slug, district: c.district, count: c.count, months };
    })
    .sort((a, b) => a.slug.localeCompare(b.slug));
}

/** Where an entry's published data came from: kept per entry id beside the ledger (release.ts). */
export type EntrySource = Pick<Provenance, 'sourceFile' | 'sourceSha256' | 'signedBy' | 'receivedOn'>;

/**
 * The entries with the batch their published data came from: the batch read now for an entry
 * this publication adds or changes (an ADD or MOD in `events`) or one with no source kept yet,
 * and the kept source otherwise. So an entry's provenance changes only with an event, and a unit
 * that applies the deltas holds exactly entries.json (tests/unit/open-data.test.ts). Returns
 * the sources to keep: those of the entries still public.
 */
export function withSources(state: PublishState, events: readonly ChangeEvent[], kept: ReadonlyMap<string, EntrySource>): { state: PublishState; sources: Map<string, EntrySource> } {
  const changed = new Set(events.filter((e) => e.op !== 'DEL').map((e) => e.entryId));
  const sources = new Map<string, EntrySource>();
  const entries = state.entries.map((entry) => {
    const own = kept.get(entry.id);
    if (own && !changed.has(entry.id)) {
      sources.set(entry.id, own);
      // Most days the kept source is the one just read: the entry as it is, not two copies of it.
      if (isOwnSource(entry, own)) return entry;
      const { signedBy: _, ...rest } = entry;
      return { ...rest, ...own };
    }
    if (entry.sourceFile && entry.sourceSha256 && entry.receivedOn) {
      sources.set(entry.id, { sourceFile: entry.sourceFile, sourceSha256: entry.sourceSha256, receivedOn: entry.receivedOn, ...(entry.signedBy ? { signedBy: entry.signedBy } : {}) });
    }
    return entry;
  });
  return { state: { ...state, entries }, sources };
}

/**
 * Whether `{ ...entry without signedBy, ...own }` is `entry` itself, key order included: `own`
 * holds exactly the three fields the entry already has, with the same values, and neither is
 * signed (a kept signedBy would move to the end).
 */
function isOwnSource(entry: PublishedEntry, own: EntrySource): boolean {
  if (entry.signedBy !== undefined || 'signedBy' in entry || 'signedBy' in own) return false;
  let keys = 0;
  for (const key in own) if (Object.hasOwn(own, key)) keys++;
  return keys === 3 && own.sourceFile === entry.sourceFile && own.sourceSha256 === entry.sourceSha256 && own.receivedOn === entry.receivedOn && entry.sourceFile !== undefined && entry.sourceSha256 !== undefined && entry.receivedOn !== undefined;
}

/**
 * The entries with the list versions that first published them and last changed them. A version
 * is the change feed's last seq after one publication (what entries.json calls lastChangeSeq):
 * the events one publication records share its `recordedAt`. "First" is the latest ADD (an entry
 * back after a 暂停公开 starts again); "last changed" the latest ADD or MOD.
 */
export function withVersions(state: PublishState, changes: readonly ChangeEvent[]): PublishState {
  const versionOf = new Map<string, number>();
  for (const e of changes) versionOf.set(e.recordedAt, Math.max(e.seq, versionOf.get(e.recordedAt) ?? 0));
  const versions = new Map<string, { first: number; last: number }>();
  for (const e of changes) {
    const version = versionOf.get(e.recordedAt)!;
    if (e.op === 'ADD') versions.set(e.entryId, { first: version, last: version });
    else if (e.op === 'MOD') versions.set(e.entryId, { first: versions.get(e.entryId)?.first ?? version, last: version });
  }
  return {
    ...state,
    entries: state.entries.map((entry) => {
      const v = versions.get(entry.id);
      return v ? { ...entry, firstPublishedVersion: v.first, lastChangedVersion: v.last } : entry;
    }),
  };
}

/**
 * The events this build adds to the ledger. Pure: the same ledger and state give the same
 * events, so a build that dies after going live but before saving the ledger repeats them
 * exactly. Events are never rewritten; a unit polls and applies them in `seq` order.
 * `kept`: entries' hashes computed with their read (LoadResult.entryHashes: the same entryHash,
 * kept by the read cache), by the very entry object; any other entry is hashed here.
 */
export function newChangeEvents(ledger: readonly ChangeEvent[], state: PublishState, recordedAt: string, kept: ReadonlyMap<PublishedEntry, string> = new Map()): ChangeEvent[] {
  const firstSeq = (ledger.at(-1)?.seq ?? 0) + 1;
  const last = new Map<string, ChangeEvent>();
  const lastHash = new Map<string, string>();
  for (const event of ledger) {
    last.set(event.entryId, event);
    if (event.hash) lastHash.set(event.entryId, event.hash);
  }
  const events: Omit<ChangeEvent, 'seq'>[] = [];
  const publicIds = new Set<string>();
  for (const entry of state.entries) {
    publicIds.add(entry.id);
    const hash = kept.get(entry) ?? entryHash(entry);
    const previous = last.get(entry.id);
    const added = !previous || previous.op === 'DEL';
    if (!added && lastHash.get(entry.id) === hash) continue;
    const base = { entryId: entry.id, caseNumber: entry.caseNumber, court: entry.court, recordedAt, hash };
    events.push(added ? { op: 'ADD', date: entry.publishedOn, ...base } : { op: 'MOD', date: state.asOf, ...base });
  }
  const goneIds = new Set<string>();
  for (const gone of state.gone) {
    goneIds.add(gone.id);
    if (last.get(gone.id)?.op === 'DEL') continue;
    events.push({ op: 'DEL', entryId: gone.id, caseNumber: gone.caseNumber, court: gone.court, date: gone.date, recordedAt, type: gone.type, decisionId: gone.decisionId, docNumber: gone.docNumber, reason: gone.reason });
  }
  for (const [id, event] of last) {
    if (event.op !== 'DEL' && !publicIds.has(id) && !goneIds.has(id)) {
      events.push({ op: 'DEL', entryId: id, caseNumber: event.caseNumber, court: event.court, date: state.asOf, recordedAt, type: '暂停公开' });
    }
  }
  const order = { DEL: 0, ADD: 1, MOD: 2 } as const;
  events.sort((a, b) => order[a.op] - order[b.op] || a.date.localeCompare(b.date) || a.entryId.localeCompare(b.entryId));
  return events.map((event, i) => ({ seq: firstSeq + i, ...event }));
}

/**
 * The entries this feed took off the list for good: a decision (屏蔽, 撤销, 删除) or an ended
 * listing period (期满). Once public and gone, an id never returns, even when its decision
 * file is later deleted, truncated or unreadable; a person listed again arrives as a new
 * entry. A DEL for a data problem (暂停公开) is not a departure: the entry may return.
 */
export function departuresOf(ledger: readonly ChangeEvent[]): GoneEntry[] {
  const departed = new Map<string, GoneEntry>();
  for (const e of ledger) {
    if (e.op !== 'DEL' || !e.type || e.type === '暂停公开') continue;
    departed.set(e.entryId, {
      id: e.entryId,
      cause: e.type === '期满' ? 'expired' : 'decided',
      type: e.type,
      date: e.date,
      court: e.court,
      caseNumber: e.caseNumber,
      ...(e.decisionId ? { decisionId: e.decisionId } : {}),
      ...(e.docNumber ? { docNumber: e.docNumber } : {}),
      ...(e.reason ? { reason: e.reason } : {}),
    });
  }
  return [...departed.values()];
}

/** Maps traditional characters to the simplified ones our names use (瀋 → 沈, 張 → 张). */
export function traditionalToSimplified(entries: readonly PublishedEntry[]): Record<string, string> {
  const used = new Set<string>();
  for (const entry of entries) for (const ch of hanCharacters(entry.name)) used.add(ch);
  const simplified = simplifiedForms();
  const map: Record<string, string> = {};
  for (let cp = 0x3400; cp <= 0x9fff; cp++) {
    const ch = String.fromCodePoint(cp);
    if (used.has(ch)) continue;
    const form = simplified[cp - 0x3400]!;
    if (form !== ch && used.has(form)) map[ch] = form;
  }
  return map;
}

/**
 * OpenCC's simplified form of each character U+3400–U+9FFF, each converted on its own. One call
 * over the characters a line apart (no phrase spans a line break) instead of 27,648 calls: 4× less
 * time in a fresh process. Should the lines not come back one for one, each is converted alone.
 */
export function simplifiedForms(): string[] {
  const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
  const chars: string[] = [];
  for (let cp = 0x3400; cp <= 0x9fff; cp++) chars.push(String.fromCodePoint(cp));
  const forms = toSimplified(chars.join('\n')).split('\n');
  return forms.length === chars.length ? forms : chars.map((ch) => toSimplified(ch));
}
