// Only what changed: the change feed cut into versions, each version's delta cut into pieces
// of at most 10,000 events (/data/deltas/<version>/<part>.json, part 1, 2 …), and one feed per
// court, cut the same way (/data/courts/<slug>/<part>.json), with its latest events as Atom
// (/data/courts/<slug>.atom).
//
// A version is one publication that changed the list: the events one publication
// recorded (they share `recordedAt`), named by its last `seq`, so entries.json's
// `lastChangeSeq` is the version a copy of the list is at. A unit at version v applies the
// delta pieces after v in order (index.json lists each version's pieces in order): ADD or MOD
// with `entry` puts the record in (replacing any with its id), ADD or MOD without `entry` does
// nothing, DEL removes the id. It then holds exactly the current entries.json.
//
// Why pieces: a first build's version holds every record it published (~95 MB at 100,000
// entries), and removing one of them takes the record out of the event that carried it. A
// version's events never change, so its cut into pieces never moves: a removal rewrites the
// one piece that held the record (and writes the new version), never the whole first version.
// A court's feed only grows at its end, so its cut never moves either; its pieces carry nothing
// that changes as it grows (its last seq and its pieces are listed in index.json).
//
// Why `entry` sits on an entry's latest event only: the files must never hold the data of
// anyone no longer public, so no delta keeps an old copy of a record. Each public entry's
// record is in exactly one delta (its last ADD or MOD, which has the data it still has); an
// earlier event of it, or any event of an entry that has left, carries ids and dates alone,
// and DEL never more than id, type, date, the decision's document number, ground, court
// and case number. The files are a function of the current list and the ledger, so a build of
// everything and a patch of the live release write the same bytes.
import { atomFeed, feedAuthor, feedUpdated } from './atom.ts';
import type { BuildState, ChangeEvent } from './build-state.ts';
import type { PublishedEntry } from './publish-state.ts';
import { SITE_URL } from './site-url.ts';
import { entryPath } from './shared/urls.ts';

type DeltaState = Pick<BuildState, 'entries' | 'courts' | 'site'>;

export interface Version {
  version: number;
  previous: number;
  date: string;
  events: readonly ChangeEvent[];
}

export type DeltaEvent =
  | { seq: number; op: 'ADD' | 'MOD'; id: string; court: string; caseNumber: string; date: string; entry?: PublishedEntry }
  | { seq: number; op: 'DEL'; id: string; type: NonNullable<ChangeEvent['type']>; date: string; docNumber?: string; reason?: ChangeEvent['reason']; court: string; caseNumber: string };

/** The ledger's publications, oldest first. */
export function versionsOf(changes: readonly ChangeEvent[]): Version[] {
  const versions: Version[] = [];
  let start = 0;
  for (let i = 0; i < changes.length; i++) {
    const next = changes[i + 1];
    if (next && next.recordedAt === changes[i]!.recordedAt) continue;
    versions.push({ version: changes[i]!.seq, previous: versions.at(-1)?.version ?? 0, date: changes[i]!.recordedAt, events: changes.slice(start, i + 1) });
    start = i + 1;
  }
  return versions;
}

/** Events per delta piece: a removal rewrites at most this many events of an old version. */
export const EVENTS_PER_DELTA_PIECE = 10_000;

interface EventPiece {
  path: string;
  part: number;
  events: readonly ChangeEvent[];
}

/** `events` cut into pieces of at most EVENTS_PER_DELTA_PIECE, each at `pathOf(part)`, part from 1. */
function piecesOf(events: readonly ChangeEvent[], pathOf: (part: number) => string): EventPiece[] {
  const pieces: EventPiece[] = [];
  for (let at = 0; at < events.length; at += EVENTS_PER_DELTA_PIECE) {
    const part = at / EVENTS_PER_DELTA_PIECE + 1;
    pieces.push({ path: pathOf(part), part, events: events.slice(at, at + EVENTS_PER_DELTA_PIECE) });
  }
  return pieces;
}

/** A version's delta pieces in order: paths and the events each holds. */
export const deltaPieces = (v: Version): EventPiece[] => piecesOf(v.events, (part) => `deltas/${v.version}/${part}.json`);

export interface CourtFeed {
  court: string;
  slug: string;
  /** The court's last event; 0 if none. */
  lastSeq: number;
  /** Its feed's pieces, in order. */
  feed: string[];
  atom: string;
}

/** Each court's events, in seq order. */
function courtEvents(state: DeltaState, changes: readonly ChangeEvent[]): Map<DeltaState['courts'][number], ChangeEvent[]> {
  const byName = new Map(state.courts.map((c) => [c.name, [] as ChangeEvent[]]));
  for (const e of changes) byName.get(e.court)?.push(e);
  return new Map(state.courts.map((c) => [c, byName.get(c.name)!]));
}

const courtPiecePath = (slug: string, part: number) => `courts/${slug}/${part}.json`;
const courtPieces = (slug: string, own: readonly ChangeEvent[]) => piecesOf(own, (part) => courtPiecePath(slug, part));

/** The court feeds as index.json lists them. */
export function courtFeeds(state: DeltaState, changes: readonly ChangeEvent[]): CourtFeed[] {
  return [...courtEvents(state, changes)].map(([court, own]) => ({
    court: court.name, slug: court.slug, lastSeq: own.at(-1)?.seq ?? 0, feed: courtPieces(court.slug, own).map((p) => p.path), atom: courtAtomPath(court.slug),
  }));
}
const courtAtomPath = (slug: string) => `courts/${slug}.atom`;

/**
 * Each event as a delta file writes it (see the top of this file for what each carries), made
 * when first asked for: a patch writes the few pieces that hold a changed entry, and making all
 * of a 100,000-entry ledger's events took a few hundred ms of every publication.
 */
export function deltaEventOf(changes: readonly ChangeEvent[], entries: readonly PublishedEntry[]): (e: ChangeEvent) => DeltaEvent {
  const latest = new Map<string, number>();
  for (const e of changes) latest.set(e.entryId, e.seq);
  let current: Map<string, PublishedEntry> | undefined;
  const made = new Map<number, DeltaEvent>();
  return (e) => {
    let event = made.get(e.seq);
    if (event) return event;
    if (e.op === 'DEL') {
      event = {
        seq: e.seq, op: 'DEL', id: e.entryId, type: e.type ?? '暂停公开', date: e.date,
        ...(e.docNumber ? { docNumber: e.docNumber } : {}), ...(e.reason ? { reason: e.reason } : {}),
        court: e.court, caseNumber: e.caseNumber,
      };
    } else {
      const entry = latest.get(e.entryId) === e.seq ? (current ??= new Map(entries.map((x) => [x.id, x]))).get(e.entryId) : undefined;
      event = { seq: e.seq, op: e.op, id: e.entryId, court: e.court, caseNumber: e.caseNumber, date: e.date, ...(entry ? { entry } : {}) };
    }
    made.set(e.seq, event);
    return event;
  };
}

/**
 * The delta pieces and per-court files (paths relative to /data/), each made when called.
 * `touched`: only the files holding an event of these ids (a patch of the live release: the
 * ids with events the live release has not published; every other file is byte for byte what the live release has, since the
 * site's settings did not change either): of an old version, the pieces that held their events.
 */
export function deltaFiles(state: DeltaState, changes: readonly ChangeEvent[], touched?: ReadonlySet<string>): Map<string, () => string> {
  const eventOf = deltaEventOf(changes, state.entries);
  const files = new Map<string, () => string>();
  const wanted = (own: readonly ChangeEvent[]) => !touched || own.some((e) => touched.has(e.entryId));
  for (const v of versionsOf(changes)) {
    const pieces = deltaPieces(v);
    for (const piece of pieces) {
      if (!wanted(piece.events)) continue;
      const head = { format: 'gongshi-delta/2', version: v.version, previous: v.previous, date: v.date, part: piece.part, parts: pieces.length, events: [] };
      files.set(piece.path, () => `${JSON.stringify(head).slice(0, -2)}${piece.events.map((e) => JSON.stringify(eventOf(e))).join(',')}]}`);
    }
  }
  for (const [court, own] of courtEvents(state, changes)) {
    if (!wanted(own)) continue;
    for (const piece of courtPieces(court.slug, own)) {
      if (!wanted(piece.events)) continue;
      const head = { format: 'gongshi-court-feed/2', city: state.site.city, sampleData: state.site.sampleData, court: court.name, slug: court.slug, part: piece.part, events: [] };
      files.set(piece.path, () => `${JSON.stringify(head).slice(0, -2)}${piece.events.map((e) => JSON.stringify(eventOf(e))).join(',')}]}`);
    }
    files.set(courtAtomPath(court.slug), () => courtAtom(state, court, own));
  }
  return files;
}

const OP_LABEL = { ADD: '纳入公开', MOD: '信息更新', DEL: '撤下' } as const;

/** One court's latest 500 events; as changes.atom, no name in any of them. */
function courtAtom(state: DeltaState, court: BuildState['courts'][number], own: readonly ChangeEvent[]): string {
  const url = (p: string) => new URL(p, SITE_URL).href;
  const self = url(`/data/${courtAtomPath(court.slug)}`);
  const latest = own.slice(-500);
  const first = own.length - latest.length;
  return atomFeed({
    id: self,
    title: `${court.name}失信被执行人名单变更`,
    self,
    alternate: url(`/list/${court.slug}/`),
    updated: feedUpdated(own),
    author: feedAuthor(state.site.city, SITE_URL),
    entries: latest.map((e, i) => ({
      id: url(`/data/${courtPiecePath(court.slug, Math.floor((first + i) / EVENTS_PER_DELTA_PIECE) + 1)}#${e.seq}`),
      title: `${e.op} ${OP_LABEL[e.op]}${e.type ? `（${e.type}）` : ''}：${e.caseNumber}`,
      updated: e.recordedAt,
      link: url(entryPath(e.entryId)),
      summary: `记录 ${e.entryId}，${e.date}${e.docNumber ? `，决定书 ${e.docNumber}` : ''}`,
    })).reverse(),
  });
}

/** A unit's side: a copy of the list at some version with the delta pieces after it applied, in order. */
export function applyDeltas(entries: Iterable<PublishedEntry>, deltas: readonly { events: readonly DeltaEvent[] }[]): Map<string, PublishedEntry> {
  const list = new Map<string, PublishedEntry>();
  for (const e of entries) list.set(e.id, e);
  for (const delta of deltas) {
    for (const event of delta.events) {
      if (event.op === 'DEL') list.delete(event.id);
      else if (event.entry) list.set(event.id, event.entry);
    }
  }
  return list;
}
