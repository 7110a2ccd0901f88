// The strings of parties who must not be public (withheld, minor, not disclosed, future,
// decided, expired, invalid), and where published text may or may not contain them. Pure
// functions; publish-state decides who is hidden, verify looks for them in the output.
//
// The rule, shared by findHiddenMentions (on the state, before rendering) and verify (on the
// files, after). All strings are compared as a person reads them (reader-text.ts).
// - Identifying strings (name, legal representative, masked ID number, credit code, name
//   pinyin) of a hidden party may appear in a published entry's own identity — its name,
//   masked ID number, credit code or name pinyin — and nowhere else. A public 张伟 is shown
//   although a hidden 张伟 exists; 张伟 inside the public 张伟明 names nobody hidden.
// - In any other field (obligation, legal representative, court …) and in a case (title,
//   summary, body …) an identifying string is a mention of the hidden party, even where a
//   public namesake could be meant (when in doubt, withhold). findHiddenMentions reports it,
//   publish-state withholds the entry or case. The one exception: an occurrence inside a
//   longer published name (张伟 in “向张伟明支付”) is that name, not a mention.
// - Other strings (the obligation) only add detail: inside any published value or the
//   measures catalog they are that value, not a leak.
// Verify sees files, not fields, and the search index holds runs of published names (张伟 of
// 张伟明) as tokens of their own: so it drops an identifying string that occurs inside some
// published entry's own identity, and any other string that occurs inside any published
// value (withoutPublicCollisions), and reports every other occurrence. A hidden name that a
// published name contains is thereby exempt everywhere in the files, a case body included:
// verify cannot tell the two 张伟 apart, which is why findHiddenMentions runs on the state
// before rendering. Verify still catches every identifying string no published identity
// contains, in any field or file.
import type { Entry } from './schema/entry.ts';
import type { PublicityCase } from './schema/case.ts';
import type { MeasureCatalog } from './schema/measure.ts';
import type { Publicity } from './rules/publicity.ts';
import { ENTRY_LABELS } from './schema/entry.ts';
import { CASE_LABELS } from './schema/case.ts';
import { comparable, joinDigitGroups, readerTextOfFile } from './reader-text.ts';
import { PinyinMemo, pinyinJoined } from './search/tokens.ts';

/**
 * Strings that identify a party who must not be public. Verify fails the build when any of
 * them is found in the output. Kept outside the output folder: it is itself personal data.
 */
export interface SensitiveRecord {
  id: string;
  status: Exclude<Publicity['status'], 'published'> | 'invalid';
  /** Everything verify looks for, as stored (verify compares them through reader-text). */
  strings: string[];
  /** The subset that names the party (see the rule above); absent means all of `strings`. */
  identifying?: string[];
}

type IdentitySource = Pick<Entry, 'name' | 'kind' | 'idNumberMasked' | 'creditCode' | 'legalRepresentative' | 'obligation'>;

/** The identifying data of a non-public entry: what must never appear in the output. */
export function sensitiveStrings(entry: IdentitySource): string[] {
  return [...identifyingStrings(entry), entry.obligation].filter(longEnough);
}

/** Name, masked ID number, credit code, legal representative, name pinyin. */
export function identifyingStrings(entry: Omit<IdentitySource, 'obligation'>): string[] {
  const pinyin = pinyinJoined(entry);
  // Short pinyin (li na) occurs by chance in any text; six letters and more identifies.
  return [entry.name, entry.idNumberMasked, entry.creditCode, entry.legalRepresentative, pinyin.length >= 6 ? pinyin : undefined].filter(longEnough);
}

/** A hidden entry as verify and findHiddenMentions take it. */
export function hiddenParty(id: string, status: SensitiveRecord['status'], entry: IdentitySource): SensitiveRecord {
  return { id, status, strings: sensitiveStrings(entry), identifying: identifyingStrings(entry) };
}

const RAW_IDENTIFYING_FIELDS = ['name', 'idNumber', 'idNumberMasked', 'creditCode', 'legalRepresentative'] as const;

/** For rows that failed validation we only have raw values; anything name- or ID-like counts. */
export function rawSensitiveStrings(values: Record<string, unknown>): string[] {
  return [...RAW_IDENTIFYING_FIELDS, 'obligation'].map((field) => values[field]).filter(longEnough).map((v) => v.trim());
}

/** A row that failed validation, as verify and findHiddenMentions take it. */
export function rawHiddenParty(id: string, values: Record<string, unknown>): SensitiveRecord {
  const identifying = RAW_IDENTIFYING_FIELDS.map((field) => values[field]).filter(longEnough).map((v) => v.trim());
  return { id, status: 'invalid', strings: rawSensitiveStrings(values), identifying };
}

function longEnough(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length >= 2;
}

/** An entry's own identity: a hidden party's string found here is a namesake, not a mention. */
const OWN_IDENTITY_FIELDS: ReadonlySet<string> = new Set(['name', 'idNumberMasked', 'creditCode']);

/** Fields whose values are dates, codes or fixed words: they cannot hold a name or number that needs reading. */
const FIXED_FIELDS: ReadonlySet<string> = new Set(['kind', 'gender', 'age', 'performance', 'behaviours', 'filedOn', 'publishedOn', 'listingEndsOn', 'date', 'category']);

/**
 * Comparable form of a published value, remembered: court, district and issuer repeat across
 * 100,000 entries, and findHiddenMentions and withPublicSpans read the same values.
 */
const comparableMemo = new Map<string, string>();
function comparableValue(value: string): string {
  let out = comparableMemo.get(value);
  if (out === undefined) {
    if (comparableMemo.size > 500_000) comparableMemo.clear();
    comparableMemo.set(value, (out = comparable(value)));
  }
  return out;
}

/**
 * A value as a reader may come to see it: plain, and — when it holds markup, entities or
 * escapes — as rendered, since a case body is Markdown and any value may end up in HTML.
 */
function readings(value: string): string[] {
  const plain = comparableValue(value);
  return /[<&%\\]/.test(value) ? [plain, joinDigitGroups(readerTextOfFile(value))] : [plain];
}

/**
 * Finds every occurrence of many strings in a text in time linear in the text plus what is
 * found (Aho–Corasick). Obligations share long beginnings (偿还借款…), so an index by first
 * characters degrades to published × hidden again; the automaton does not.
 */
export class StringIndex<T> {
  /** Transitions of all states in one map, keyed state × 65536 + code unit: far less memory than a map per state. */
  private readonly next = new Map<number, number>();
  private fail: Int32Array = new Int32Array(1);
  /** The nearest state along the failure chain (itself included) where a string ends, or -1. */
  private outputLink: Int32Array = new Int32Array(1);
  private readonly ends: ({ text: string; value: T }[] | undefined)[] = [undefined];
  private states = 1;
  private built = true;
  size = 0;

  add(text: string, value: T): void {
    if (text.length < 2) return;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const key = state * 0x10000 + text.charCodeAt(i);
      let to = this.next.get(key);
      if (to === undefined) {
        to = this.states++;
        this.next.set(key, to);
        this.ends.push(undefined);
      }
      state = to;
    }
    (this.ends[state] ??= []).push({ text, value });
    this.size++;
    this.built = false;
  }

  private build(): void {
    this.fail = new Int32Array(this.states);
    this.outputLink = new Int32Array(this.states).fill(-1);
    // Children of each state, for the breadth-first walk.
    const children: [number, number][][] = Array.from({ length: this.states }, () => []);
    for (const [key, to] of this.next) children[Math.floor(key / 0x10000)]!.push([key % 0x10000, to]);
    const queue: number[] = [];
    for (const [, to] of children[0]!) {
      this.fail[to] = 0;
      queue.push(to);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      this.outputLink[state] = this.ends[state] ? state : this.outputLink[this.fail[state]!]!;
      for (const [code, to] of children[state]!) {
        let f = this.fail[state]!;
        while (f !== 0 && !this.next.has(f * 0x10000 + code)) f = this.fail[f]!;
        const target = this.next.get(f * 0x10000 + code);
        this.fail[to] = target !== undefined && target !== to ? target : 0;
        queue.push(to);
      }
    }
    this.built = true;
  }

  /** Every (string, position) found in `text`. */
  *occurrences(text: string): Generator<{ at: number; text: string; value: T }> {
    if (this.size === 0) return;
    if (!this.built) this.build();
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let to = this.next.get(state * 0x10000 + code);
      while (to === undefined && state !== 0) {
        state = this.fail[state]!;
        to = this.next.get(state * 0x10000 + code);
      }
      state = to ?? 0;
      for (let out = this.outputLink[state]!; out > 0; out = this.outputLink[this.fail[out]!]!) {
        for (const end of this.ends[out]!) yield { at: i + 1 - end.text.length, text: end.text, value: end.value };
      }
    }
  }
}

/** The hidden strings, reader-normalised, each with the records it belongs to. */
function hiddenIndex(hidden: readonly SensitiveRecord[], which: 'identifying' | 'all'): StringIndex<{ records: SensitiveRecord[]; identifying: boolean }> {
  const byString = new Map<string, { records: SensitiveRecord[]; identifying: boolean }>();
  for (const record of hidden) {
    const identifying = new Set((record.identifying ?? record.strings).map(comparable));
    const strings = which === 'identifying' ? identifying : new Set(record.strings.map(comparable));
    for (const s of strings) {
      const entry = byString.get(s) ?? { records: [], identifying: false };
      if (!entry.records.includes(record)) entry.records.push(record);
      entry.identifying ||= identifying.has(s);
      byString.set(s, entry);
    }
  }
  const index = new StringIndex<{ records: SensitiveRecord[]; identifying: boolean }>();
  for (const [s, value] of byString) index.add(s, value);
  return index;
}

/** A published entry or case whose free text names a hidden party. */
export interface HiddenMention {
  kind: 'entry' | 'case';
  /** Entry id or case slug. */
  id: string;
  field: string;
  /** The field's Chinese label, for the operator's message. */
  fieldLabel: string;
  /** The hidden records named there (ids only: the name itself is personal data). */
  hiddenIds: string[];
}

type PublishedRecord = { [field: string]: unknown };

function* stringFields(record: PublishedRecord): Generator<[string, string]> {
  for (const [field, value] of Object.entries(record)) {
    if (FIXED_FIELDS.has(field)) continue;
    if (typeof value === 'string') yield [field, value];
    else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') yield [field, item];
  }
}

/** The hidden parties a value names: occurrences inside a longer published name do not count. */
function mentionsIn(index: ReturnType<typeof hiddenIndex>, names: StringIndex<null>, value: string): Set<string> {
  const ids = new Set<string>();
  for (const reading of readings(value)) {
    const found = [...index.occurrences(reading)];
    if (found.length === 0) continue;
    const spans = [...names.occurrences(reading)].map((n) => ({ start: n.at, end: n.at + n.text.length }));
    for (const { at, text, value: owners } of found) {
      const end = at + text.length;
      if (spans.some((n) => n.start <= at && end <= n.end && n.end - n.start > text.length)) continue;
      for (const r of owners.records) ids.add(r.id);
    }
  }
  return ids;
}

/**
 * The published entries and cases whose free text names a hidden party: every field of an
 * entry except its own identity (name, masked ID number, credit code), every field of a case.
 * publish-state withholds them and reports each field. Names are compared as read (NFKC,
 * zero-width characters removed, traditional as simplified, markup rendered), so 張偉 or 张​伟
 * in an obligation names 张伟. One pass: an entry withheld here hides its own strings too —
 * withholdHiddenMentions repeats until nothing new is found.
 */
export function findHiddenMentions(hidden: readonly SensitiveRecord[], entries: readonly PublishedRecord[], cases: readonly PublicityCase[]): HiddenMention[] {
  const index = hiddenIndex(hidden, 'identifying');
  const mentions: HiddenMention[] = [];
  if (index.size === 0) return mentions;
  const names = new StringIndex<null>();
  for (const name of new Set(entries.map((e) => (typeof e.name === 'string' ? comparableValue(e.name) : '')))) names.add(name, null);
  const scan = (kind: HiddenMention['kind'], id: string, record: PublishedRecord, skip: ReadonlySet<string>, labels: Record<string, string>) => {
    const byField = new Map<string, Set<string>>();
    for (const [field, value] of stringFields(record)) {
      if (skip.has(field)) continue;
      const ids = mentionsIn(index, names, value);
      if (ids.size === 0) continue;
      const all = byField.get(field) ?? new Set();
      ids.forEach((i) => all.add(i));
      byField.set(field, all);
    }
    for (const [field, ids] of byField) mentions.push({ kind, id, field, fieldLabel: labels[field] ?? field, hiddenIds: [...ids].sort() });
  };
  for (const entry of entries) scan('entry', String(entry.id), entry, OWN_IDENTITY_FIELDS, ENTRY_LABELS);
  for (const c of cases) scan('case', c.slug, c as unknown as PublishedRecord, new Set(), CASE_LABELS);
  return mentions;
}

/**
 * findHiddenMentions until nothing new is found: an entry withheld for naming a hidden party
 * becomes hidden itself, and an entry naming it is withheld in turn. `hide` turns a withheld
 * entry into its SensitiveRecord (publish-state knows its status and fields).
 */
export function withholdHiddenMentions<E extends PublishedRecord & { id: string }>(
  hidden: readonly SensitiveRecord[],
  entries: readonly E[],
  cases: readonly PublicityCase[],
  hide: (entry: E) => SensitiveRecord,
): { entries: E[]; cases: PublicityCase[]; mentions: HiddenMention[]; newlyHidden: SensitiveRecord[] } {
  let keptEntries = [...entries];
  let keptCases = [...cases];
  const mentions: HiddenMention[] = [];
  const newlyHidden: SensitiveRecord[] = [];
  let round: readonly SensitiveRecord[] = hidden;
  while (round.length) {
    const found = findHiddenMentions(round, keptEntries, keptCases);
    if (found.length === 0) break;
    mentions.push(...found);
    const entryIds = new Set(found.filter((m) => m.kind === 'entry').map((m) => m.id));
    const caseSlugs = new Set(found.filter((m) => m.kind === 'case').map((m) => m.id));
    const withheld = keptEntries.filter((e) => entryIds.has(e.id));
    keptEntries = keptEntries.filter((e) => !entryIds.has(e.id));
    keptCases = keptCases.filter((c) => !caseSlugs.has(c.slug));
    round = withheld.map(hide);
    newlyHidden.push(...round);
  }
  return { entries: keptEntries, cases: keptCases, mentions, newlyHidden };
}

/** A published value as verify may meet it, and whether it is the entry's own identity. */
interface PublicValue {
  text: string;
  own: boolean;
}

function* publicValuesOf(entries: readonly PublishedRecord[], measures: MeasureCatalog, pinyin: PinyinMemo): Generator<PublicValue> {
  for (const entry of entries) {
    for (const [field, value] of stringFields(entry)) yield { text: comparableValue(value), own: OWN_IDENTITY_FIELDS.has(field) };
    const joined = pinyin.of(entry as unknown as Pick<Entry, 'name' | 'kind'>);
    if (joined) yield { text: joined, own: true };
  }
  // The measures catalog is law, not about anyone: a name occurring in it by chance (文明) is not a mention.
  for (const group of measures.groups) for (const m of group.measures) for (const text of [m.title, m.text, ...m.responsibleUnits]) yield { text: comparableValue(text), own: true };
}

/**
 * The strings verify looks for: each hidden record without the strings a published text
 * shows anyway (see the rule at the top). Linear in the published text: one pass over the
 * published values with an index of the hidden strings (the old corpus.includes per string
 * was published × hidden: 91 s for 45,000 valid and 5,000 malformed rows).
 */
export function withoutPublicCollisions(records: readonly SensitiveRecord[], entries: readonly PublishedRecord[], measures: MeasureCatalog, pinyin = new PinyinMemo()): SensitiveRecord[] {
  const index = hiddenIndex(records, 'all');
  const shown = new Set<string>();
  if (index.size) {
    for (const { text, own } of publicValuesOf(entries, measures, pinyin)) {
      for (const found of index.occurrences(text)) if (own || !found.value.identifying) shown.add(found.text);
    }
  }
  return records.map((r) => ({ ...r, strings: [...new Set(r.strings)].filter((s) => !shown.has(comparable(s))) }));
}

/**
 * withoutPublicCollisions for one string at a time, for express delisting: it verifies a
 * handful of removed entries against 100,000 published ones and asks only about what it finds.
 */
export function isPublicText(entries: readonly PublishedRecord[], measures: MeasureCatalog, pinyin = new PinyinMemo()): (found: string, identifying?: boolean) => boolean {
  let values: PublicValue[] | undefined;
  return (found, identifying = true) => {
    values ??= [...publicValuesOf(entries, measures, pinyin)];
    const wanted = comparable(found);
    return values.some(({ text, own }) => (own || !identifying) && text.includes(wanted));
  };
}
