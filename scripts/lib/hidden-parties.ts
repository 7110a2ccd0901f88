// The strings of parties who must not be public (withheld, minor, not disclosed, future,
// decided, expired, invalid), and where published text may or may not contain them. Pure
// functions; publish-state decides who is hidden, verify looks for them in the output.
//
// The rule, shared by findHiddenMentions (on the state, before rendering) and verify (on the
// files, after). All strings are compared as a person reads them (reader-text.ts).
// - Identifying strings (name, legal representative, masked ID number, credit code, name
//   pinyin) of a hidden party may appear in a published entry's own identity — its name,
//   legal representative, masked ID number, credit code or name pinyin — and nowhere else. A
//   public 张伟 is shown although a hidden 张伟 exists; 张伟 inside the public 张伟明 names
//   nobody hidden.
// - In any other field (obligation, performed part, issuer, court …) and in a case (title,
//   summary, body …) an identifying string is a mention of the hidden party, even where a
//   public namesake could be meant (when in doubt, withhold). findHiddenMentions reports it,
//   publish-state withholds the entry or case. The one exception: an occurrence inside a
//   longer published name (张伟 in “向张伟明支付”) is that name, not a mention.
// - Other strings (the obligation) only add detail: inside a published entry's obligation,
//   performed or unperformed part they are that wording, not a leak.
// - The measures catalog is law, not about anyone: a string it contains by chance is not a leak.
// Verify sees files, not fields, and the search index holds runs of published names (张伟 of
// 张伟明) as tokens of their own: so it drops an identifying string that occurs inside some
// published entry's own identity, any other string that occurs inside a published debt field,
// and any string in the measures catalog (withoutPublicCollisions), and reports every other
// occurrence. A hidden name that a
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
import { comparable, folded, GROUP_SEPARATOR_CODES, joinGroups, readerTextOfFile, skipGroupSeparators } from './reader-text.ts';
import { renderCaseMarkdown } from './markdown.ts';
import { findReadableIdNumbers, maskIdNumber, normaliseIdNumber } from './shared/rules/id-number.ts';
import { PinyinMemo, pinyinJoined } from './pinyin.ts';
import { appendAll } from './arrays.ts';

/**
 * Strings that identify a party who must not be public. Verify fails the build when any of
 * them is found in the output. Kept outside the output folder: it is itself personal data.
 */
export interface SensitiveRecord {
  id: string;
  status: Exclude<Publicity['status'], 'published' | 'departed'> | 'invalid';
  /** Everything verify looks for, as stored (verify compares them through reader-text). */
  strings: string[];
  /** The subset that names the party (see the rule above); absent means all of `strings`. */
  identifying?: string[];
}

type IdentitySource = Pick<Entry, 'name' | 'kind' | 'idNumberMasked' | 'creditCode' | 'legalRepresentative' | 'obligation'>;

/** The identifying data of a non-public entry: what must never appear in the output. */
function sensitiveStrings(entry: IdentitySource): string[] {
  return [...identifyingStrings(entry), entry.obligation].filter(longEnough);
}

/** Name, masked ID number, credit code, legal representative, name pinyin. */
function identifyingStrings(entry: Omit<IdentitySource, 'obligation'>): string[] {
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
function rawSensitiveStrings(values: Record<string, unknown>): string[] {
  return [...rawIdentifyingStrings(values), ...[values.obligation].filter(longEnough).map((v) => v.trim())];
}

/** Raw identifying values, plus the masked form of a full ID number: the form a page would show. */
function rawIdentifyingStrings(values: Record<string, unknown>): string[] {
  const strings = RAW_IDENTIFYING_FIELDS.map((field) => values[field]).filter(longEnough).map((v) => v.trim());
  const full = typeof values.idNumber === 'string' ? normaliseIdNumber(values.idNumber) : '';
  if (/^\d{17}[\dX]$/.test(full)) strings.push(maskIdNumber(full));
  return strings;
}

/** A row that failed validation, as verify and findHiddenMentions take it. */
export function rawHiddenParty(id: string, values: Record<string, unknown>): SensitiveRecord {
  return { id, status: 'invalid', strings: rawSensitiveStrings(values), identifying: rawIdentifyingStrings(values) };
}

function longEnough(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length >= 2;
}

/**
 * An entry's own identity as 若干规定 Art. 6 publishes it: a hidden party's string found here
 * is a namesake, not a mention. The legal representative is one: an organisation is listed
 * with its representative's name, which says nothing about a hidden person of that name. (Read
 * as free text, legal representatives withheld 5,403 of 90,000 published entries of the
 * 100,000-row synthetic list, every one a namesake of a hidden or malformed row.)
 */
const OWN_IDENTITY_FIELDS: ReadonlySet<string> = new Set(['id', 'name', 'legalRepresentative', 'idNumberMasked', 'creditCode']);

/**
 * Fields whose values are dates, codes or fixed words: they cannot hold a name or number that
 * needs reading. (bornOn is never published; it is listed so that an entry's texts, made before
 * publish-state drops it, do not carry its readings.) sourceSha256 is the pipeline's digest of
 * the batch file, not content: no one chooses its digits, yet 3 of 4,000,000 random digests hold
 * eighteen that read as a valid ID number, and read as text it withheld its whole batch.
 */
const FIXED_FIELDS: ReadonlySet<string> = new Set(['kind', 'gender', 'age', 'performance', 'behaviours', 'filedOn', 'publishedOn', 'listingEndsOn', 'date', 'category', 'bornOn', 'receivedOn', 'sourceSha256']);

/**
 * Comparable form of a published value, remembered: court, district and issuer repeat across
 * 100,000 entries, and findHiddenMentions and withoutPublicCollisions read the same values.
 */
const comparableMemo = new Map<string, string>();
function comparableValue(value: string): string {
  // Codes, ids and dates: nothing but case and the separators between groups to fold, and rarely repeated.
  if (/^[\x20-\x7e]*$/.test(value)) return joinGroups(value).toLowerCase();
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
  return /[<&%\\]/.test(value) ? [plain, folded(joinGroups(readerTextOfFile(value, { fold: false })))] : [plain];
}

// ------------------------------------------------------------------ an entry's own texts
// Reading a value as a reader sees it (NFKC, traditional as simplified, markup rendered, digit
// groups joined) and a name's pinyin depend on the entry alone, and were most of a run's work
// at 100,000 entries. entryTexts does it once per entry; ingest/read-files.ts keeps the result
// with the batch's read (read-cache.ts, by content hash and by the code of this module), and a
// run only matches: which hidden party's strings occur in which published text.

/** What the hidden-party checks read of one entry, made from its own values alone (entryTexts). */
export interface EntryTexts {
  /** The name's pinyin run together (pinyinJoined); '' for an organisation. */
  pinyin: string;
  /** Each string field's readings (`readings`) where they are not just the value itself. */
  forms: Record<string, string[]>;
  /**
   * The fields read for mentions whose value shows a full ID number when no credit code is
   * published: only these are looked at again, against the published codes, on a run.
   */
  idNumberFields: string[];
}

/** An entry's texts with the entry they were made from: they stand for a value only while it is still that entry's value. */
export interface PreparedEntry {
  entry: Readonly<PublishedRecord>;
  texts: EntryTexts;
}

/** A published record's prepared texts, if any (publish-state: from the batches' reads). */
export type PreparedOf = (record: PublishedRecord) => PreparedEntry | undefined;

const NOTHING_PREPARED: PreparedOf = () => undefined;
const NO_CODES: ReadonlySet<string> = new Set();

/** An entry's texts (EntryTexts), from its own values. */
export function entryTexts(entry: PublishedRecord): EntryTexts {
  const forms: Record<string, string[]> = {};
  const idNumberFields: string[] = [];
  for (const field in entry) {
    const value = entry[field];
    if (FIXED_FIELDS.has(field) || typeof value !== 'string') continue;
    const read = readings(value);
    if (read.length !== 1 || read[0] !== value) forms[field] = read;
    // A value with no full ID number when no code is published has none whatever is published
    // (holdsFullIdNumber only leaves out numbers, and then looks on from one digit further).
    if (!OWN_IDENTITY_FIELDS.has(field) && holdsFullIdNumber(value, NO_CODES)) idNumberFields.push(field);
  }
  const pinyin = entry.kind === 'person' && typeof entry.name === 'string' ? pinyinJoined({ kind: 'person', name: entry.name }) : '';
  return { pinyin, forms, idNumberFields };
}

/** Whether `field` of `record` still holds what its prepared texts were made from. */
function preparedFor(prepared: PreparedEntry | undefined, record: PublishedRecord, field: string): EntryTexts | undefined {
  return prepared !== undefined && prepared.entry[field] === record[field] ? prepared.texts : undefined;
}

/**
 * What one pass of findHiddenMentions reads of values that come without prepared texts (a
 * batch's file name, hash, signer and date of receipt, set on each run; a case's fields),
 * remembered: they repeat on every entry of a batch. `codes`: the published credit codes.
 */
class UnpreparedValues {
  #readings = new Map<string, string[]>();
  #holdsFullIdNumber = new Map<string, boolean>();
  readonly codes: ReadonlySet<string>;
  constructor(codes: ReadonlySet<string>) {
    this.codes = codes;
  }
  readings(value: string): string[] {
    let out = this.#readings.get(value);
    if (out === undefined) this.#readings.set(value, (out = readings(value)));
    return out;
  }
  holdsFullIdNumber(value: string): boolean {
    let out = this.#holdsFullIdNumber.get(value);
    if (out === undefined) this.#holdsFullIdNumber.set(value, (out = holdsFullIdNumber(value, this.codes)));
    return out;
  }
}

/** readings(value), from a value's prepared texts if it has them; undefined when that is just [value]. */
function readingsOf(texts: EntryTexts | undefined, field: string, value: string, unprepared: UnpreparedValues): string[] | undefined {
  if (texts === undefined) return unprepared.readings(value);
  return Object.hasOwn(texts.forms, field) ? texts.forms[field] : undefined;
}

/** comparableValue(value) of a record's string field, from its prepared texts where they apply. */
function comparableOf(prepared: PreparedEntry | undefined, record: PublishedRecord, field: string, value: string): string {
  const texts = preparedFor(prepared, record, field);
  if (texts === undefined) return comparableValue(value);
  return Object.hasOwn(texts.forms, field) ? texts.forms[field]![0]! : value;
}

/** The pinyin of a published record's name (PinyinMemo.of), the memo taking it from the prepared texts where they apply. */
function pinyinOf(prepared: PreparedEntry | undefined, record: PublishedRecord, memo: PinyinMemo): string {
  const entry = record as unknown as Pick<Entry, 'name' | 'kind'>;
  if (entry.kind !== 'person' || prepared === undefined || prepared.entry.name !== entry.name || prepared.entry.kind !== entry.kind) return memo.of(entry);
  let joined = memo.known.get(entry.name);
  if (joined === undefined) memo.known.set(entry.name, (joined = prepared.texts.pinyin));
  return joined;
}

/** holdsFullIdNumber(value, the published codes), from a value's prepared texts if it has them. */
function holdsFullIdNumberOf(texts: EntryTexts | undefined, field: string, value: string, unprepared: UnpreparedValues): boolean {
  if (texts === undefined) return unprepared.holdsFullIdNumber(value);
  return texts.idNumberFields.includes(field) && holdsFullIdNumber(value, unprepared.codes);
}

/**
 * Published records by id with their prepared texts: `rows` are entries as read (ingest/read-files.ts),
 * each with its texts. A record is looked up by id, and its texts used only for values it still shares with the entry read.
 */
export function preparedEntries(rows: Iterable<PreparedEntry>): PreparedOf {
  const byId = new Map<unknown, PreparedEntry>();
  for (const row of rows) byId.set(row.entry.id, row);
  return (record) => byId.get(record.id);
}

/**
 * Finds every occurrence of many strings in a text in time linear in the text plus what is
 * found (Aho–Corasick). Obligations share long beginnings (偿还借款…), so an index by first
 * characters degrades to published × hidden again; the automaton does not. Transitions are
 * kept in flat arrays (a sorted slice of edges per state, a direct table at the root): a map
 * per state or keyed by state × 65536 cost seconds in garbage at 100,000 rows.
 */
export class StringIndex<T> {
  private patterns: { text: string; value: T }[] = [];
  private built = false;
  private rootNext = new Int32Array(0);
  private edgeStart = new Int32Array(0);
  private edgeCode = new Uint16Array(0);
  private edgeTarget = new Int32Array(0);
  private fail = new Int32Array(0);
  /** The nearest state along the failure chain (itself included) where a string ends, or -1. */
  private outputLink = new Int32Array(0);
  private ends: ({ text: string; value: T }[] | undefined)[] = [];

  get size(): number {
    return this.patterns.length;
  }

  add(text: string, value: T): void {
    if (text.length < 2) return;
    this.patterns.push({ text, value });
    this.built = false;
  }

  private next(state: number, code: number): number {
    if (state === 0) return this.rootNext[code]!;
    let lo = this.edgeStart[state]!;
    let hi = this.edgeStart[state + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.edgeCode[mid]!;
      if (c === code) return this.edgeTarget[mid]!;
      if (c < code) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private build(): void {
    // The trie, from the strings in code-unit order: each shares its prefix with the one before.
    const sorted = [...this.patterns].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    const parents: number[] = [];
    const codes: number[] = [];
    const ends: ({ text: string; value: T }[] | undefined)[] = [undefined];
    let path: number[] = [0];
    let previous = '';
    let states = 1;
    for (const pattern of sorted) {
      let common = 0;
      while (common < previous.length && common < pattern.text.length && previous.charCodeAt(common) === pattern.text.charCodeAt(common)) common++;
      path = path.slice(0, common + 1);
      for (let i = common; i < pattern.text.length; i++) {
        parents.push(path[i]!);
        codes.push(pattern.text.charCodeAt(i));
        ends.push(undefined);
        path.push(states++);
      }
      (ends[path[pattern.text.length]!] ??= []).push(pattern);
      previous = pattern.text;
    }
    // Edges grouped by parent state; states are numbered in creation order, so a parent's
    // children come in increasing code order.
    this.edgeStart = new Int32Array(states + 1);
    for (const parent of parents) this.edgeStart[parent + 1]!++;
    for (let i = 0; i < states; i++) this.edgeStart[i + 1]! += this.edgeStart[i]!;
    const fill = this.edgeStart.slice(0, states);
    this.edgeCode = new Uint16Array(parents.length);
    this.edgeTarget = new Int32Array(parents.length);
    this.rootNext = new Int32Array(0x10000).fill(-1);
    for (let k = 0; k < parents.length; k++) {
      const parent = parents[k]!;
      const at = fill[parent]!++;
      this.edgeCode[at] = codes[k]!;
      this.edgeTarget[at] = k + 1;
      if (parent === 0) this.rootNext[codes[k]!] = k + 1;
    }
    this.ends = ends;
    this.fail = new Int32Array(states);
    this.outputLink = new Int32Array(states).fill(-1);
    const queue = new Int32Array(states);
    let tail = 0;
    for (let e = this.edgeStart[0]!; e < this.edgeStart[1]!; e++) queue[tail++] = this.edgeTarget[e]!;
    for (let head = 0; head < tail; head++) {
      const state = queue[head]!;
      this.outputLink[state] = ends[state] ? state : this.outputLink[this.fail[state]!]!;
      for (let e = this.edgeStart[state]!; e < this.edgeStart[state + 1]!; e++) {
        const code = this.edgeCode[e]!;
        const child = this.edgeTarget[e]!;
        let f = this.fail[state]!;
        let target = this.next(f, code);
        while (target === -1 && f !== 0) {
          f = this.fail[f]!;
          target = this.next(f, code);
        }
        this.fail[child] = target > 0 && target !== child ? target : 0;
        queue[tail++] = child;
      }
    }
    this.built = true;
  }

  /**
   * Calls `found` for every (string, position) in `text`. With `fold` (reader-text foldTable),
   * the text is read folded and with separators between the groups of a number or code skipped, as `comparable`
   * would give it: strings added in comparable form are found in text that is not. Positions
   * are then those of the text, at the string's last code unit.
   */
  scan(text: string, found: (at: number, text: string, value: T) => void, fold?: Uint16Array): void {
    if (this.patterns.length === 0) return;
    if (!this.built) this.build();
    // Locals, and the root handled inline: most code units of a page start nothing and stay
    // at the root, and this loop runs over every code unit of the output.
    const rootNext = this.rootNext;
    const failOf = this.fail;
    const outputLink = this.outputLink;
    const length = text.length;
    let state = 0;
    let previous = 0;
    for (let i = 0; i < length; i++) {
      let code = text.charCodeAt(i);
      if (fold) {
        // The table test first: a call for every code unit costs the hot loop of verify.
        if (GROUP_SEPARATOR_CODES[code] === 1) {
          const read = skipGroupSeparators(text, i, previous);
          if (read !== i) {
            i = read - 1;
            continue;
          }
        }
        // Groups are told apart before folding (capitals only: reader-text BETWEEN_GROUPS).
        previous = code;
        code = fold[code]!;
      }
      if (state === 0) {
        state = rootNext[code]!;
        if (state === -1) {
          state = 0;
          continue;
        }
      } else {
        let to = this.next(state, code);
        while (to === -1 && state !== 0) {
          state = failOf[state]!;
          to = state === 0 ? rootNext[code]! : this.next(state, code);
        }
        state = to === -1 ? 0 : to;
      }
      for (let out = outputLink[state]!; out > 0; out = outputLink[failOf[out]!]!) {
        for (const end of this.ends[out]!) found(fold ? i : i + 1 - end.text.length, end.text, end.value);
      }
    }
  }

  /** Every (string, position) found in `text`. */
  occurrences(text: string): { at: number; text: string; value: T }[] {
    const all: { at: number; text: string; value: T }[] = [];
    this.scan(text, (at, t, value) => all.push({ at, text: t, value }));
    return all;
  }
}

/**
 * What StringIndex.scan(text, …, fold) feeds its automaton, as a string: each code unit folded,
 * separators between groups left out. A string added in comparable form occurs in `text`
 * for scan exactly when it is a substring of this (verify-pieces.ts keeps it per piece of the
 * bulk exports, to look for strings added later without reading the piece again). Must read as
 * scan does: tests/unit/verify-pieces.test.ts compares the two.
 */
export function foldedStream(text: string, fold: Uint16Array): string {
  const out: string[] = [];
  const codes = new Uint16Array(8192);
  let n = 0;
  let previous = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    let code = text.charCodeAt(i);
    if (GROUP_SEPARATOR_CODES[code] === 1) {
      const read = skipGroupSeparators(text, i, previous);
      if (read !== i) {
        i = read - 1;
        continue;
      }
    }
    previous = code;
    code = fold[code]!;
    codes[n++] = code;
    if (n === codes.length) {
      out.push(String.fromCharCode.apply(null, codes as unknown as number[]));
      n = 0;
    }
  }
  out.push(String.fromCharCode.apply(null, codes.subarray(0, n) as unknown as number[]));
  return out.join('');
}

/** The hidden parties' identifying strings, reader-normalised, each with the records it belongs to. */
function hiddenIndex(hidden: readonly SensitiveRecord[]): StringIndex<{ records: SensitiveRecord[] }> {
  const byString = new Map<string, { records: SensitiveRecord[] }>();
  for (const record of hidden) {
    for (const s of new Set((record.identifying ?? record.strings).map(comparableValue))) {
      const entry = byString.get(s) ?? { records: [] };
      entry.records.push(record);
      byString.set(s, entry);
    }
  }
  const index = new StringIndex<{ records: SensitiveRecord[] }>();
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
  /** The field holds a full ID number (anyone's: no full number is ever published). */
  fullIdNumber?: true;
}

type PublishedRecord = { [field: string]: unknown };

type Found = { at: number; text: string; value: { records: SensitiveRecord[] } };

/**
 * The hidden parties a value's readings name, for one pass of findHiddenMentions: occurrences
 * inside a longer published name do not count. Nearly every value names nobody, so a value
 * costs one scan and nothing else: no list, set or closure is made for it.
 */
class MentionFinder {
  readonly #index: ReturnType<typeof hiddenIndex>;
  readonly #names: () => StringIndex<null>;
  readonly #found: Found[] = [];
  readonly #collect = (at: number, text: string, value: Found['value']) => void this.#found.push({ at, text, value });
  constructor(index: ReturnType<typeof hiddenIndex>, names: () => StringIndex<null>) {
    this.#index = index;
    this.#names = names;
  }

  /** The hidden records `readings` name, or undefined. */
  in(readings: readonly string[]): Set<string> | undefined {
    let ids: Set<string> | undefined;
    for (const reading of readings) {
      this.#found.length = 0;
      this.#index.scan(reading, this.#collect);
      if (this.#found.length === 0) continue;
      const spans = this.#names()
        .occurrences(reading)
        .map((n) => ({ start: n.at, end: n.at + n.text.length }));
      for (const { at, text, value: owners } of this.#found) {
        const end = at + text.length;
        if (spans.some((n) => n.start <= at && end <= n.end && n.end - n.start > text.length)) continue;
        for (const r of owners.records) (ids ??= new Set()).add(r.id);
      }
    }
    return ids;
  }
}

/**
 * The published entries and cases whose free text names a hidden party: every field of an
 * entry except its own identity (OWN_IDENTITY_FIELDS), every field of a case.
 * publish-state withholds them and reports each field. Names are compared as read (NFKC,
 * zero-width characters removed, traditional as simplified, markup rendered), so 張偉 or 张​伟
 * in an obligation names 张伟. One pass: an entry withheld here hides its own strings too —
 * withholdHiddenMentions repeats until nothing new is found. `prepared` gives entries' texts
 * read beforehand (entryTexts): the result is the same with or without them.
 */
export function findHiddenMentions(hidden: readonly SensitiveRecord[], entries: readonly PublishedRecord[], cases: readonly PublicityCase[], prepared: PreparedOf = NOTHING_PREPARED): HiddenMention[] {
  const index = hiddenIndex(hidden);
  const mentions: HiddenMention[] = [];
  // Published credit codes may be 18 digits that pass as an ID number: they are public by law.
  const codes = new Set<string>();
  for (const e of entries) if (typeof e.creditCode === 'string') codes.add(e.creditCode);
  // The published names that may hold a hidden string found, made when one is first found (most
  // runs find none): a name that contains no hidden string cannot be the longer name around one,
  // and leaving the others out keeps the automaton to a handful of names, not 100,000.
  let names: StringIndex<null> | undefined;
  const publishedNames = () => {
    if (names) return names;
    const holding = new Set<string>();
    let holds = false;
    const hold = () => void (holds = true);
    for (const e of entries) {
      const own = prepared(e);
      for (const field of ['name', 'legalRepresentative']) {
        const value = e[field];
        if (typeof value !== 'string') continue;
        const name = comparableOf(own, e, field, value);
        holds = false;
        index.scan(name, hold);
        if (holds) holding.add(name);
      }
    }
    names = new StringIndex<null>();
    for (const name of holding) names.add(name, null);
    return names;
  };
  const finder = new MentionFinder(index, publishedNames);
  const unprepared = new UnpreparedValues(codes);
  const alone: [string] = [''];
  const scan = (kind: HiddenMention['kind'], id: string, record: PublishedRecord, own: PreparedEntry | undefined, skip: ReadonlySet<string>, labels: Record<string, string>) => {
    let byField: Map<string, Set<string>> | undefined;
    const read = (field: string, value: string, texts: EntryTexts | undefined) => {
      if (holdsFullIdNumberOf(texts, field, value, unprepared)) {
        mentions.push({ kind, id, field, fieldLabel: labels[field] ?? field, hiddenIds: [], fullIdNumber: true });
        return;
      }
      if (index.size === 0) return;
      const readings = readingsOf(texts, field, value, unprepared);
      // Most values read as they are written: the one list holds each in turn.
      const ids = finder.in(readings ?? ((alone[0] = value), alone));
      if (ids === undefined) return;
      byField ??= new Map();
      const all = byField.get(field) ?? new Set();
      ids.forEach((i) => all.add(i));
      byField.set(field, all);
    };
    for (const field in record) {
      if (FIXED_FIELDS.has(field) || skip.has(field)) continue;
      const value = record[field];
      if (typeof value === 'string') read(field, value, preparedFor(own, record, field));
      else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') read(field, item, undefined);
    }
    if (byField) for (const [field, ids] of byField) mentions.push({ kind, id, field, fieldLabel: labels[field] ?? field, hiddenIds: [...ids].sort() });
  };
  for (const entry of entries) scan('entry', String(entry.id), entry, prepared(entry), OWN_IDENTITY_FIELDS, ENTRY_LABELS);
  // A case body is read as its page shows it: 周**小**红 renders as 周小红.
  for (const c of cases) scan('case', c.slug, { ...c, body: renderCaseMarkdown(c.body) } as unknown as PublishedRecord, undefined, new Set(), CASE_LABELS);
  return mentions;
}

/** 17 digits at least (ASCII or full-width, or inside entities and escapes): only then can a value hold an ID number. */
const DIGIT = /[0-9\uFF10-\uFF19]/g;

/** Whether a published value, as a reader sees it, holds a full ID number other than a published credit code. */
function holdsFullIdNumber(value: string, codes: ReadonlySet<string>): boolean {
  if ((value.match(DIGIT)?.length ?? 0) < 17) return false;
  return findReadableIdNumbers(readerTextOfFile(value, { fold: false }), codes).length > 0;
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
  prepared: PreparedOf = NOTHING_PREPARED,
): { entries: E[]; cases: PublicityCase[]; mentions: HiddenMention[]; newlyHidden: SensitiveRecord[] } {
  let keptEntries = [...entries];
  let keptCases = [...cases];
  const mentions: HiddenMention[] = [];
  const newlyHidden: SensitiveRecord[] = [];
  let round: readonly SensitiveRecord[] = hidden;
  // At least one pass even with nothing hidden: a full ID number in free text is withheld too.
  for (let first = true; first || round.length; first = false) {
    const found = findHiddenMentions(round, keptEntries, keptCases, prepared);
    if (found.length === 0) break;
    appendAll(mentions, found);
    const entryIds = new Set(found.filter((m) => m.kind === 'entry').map((m) => m.id));
    const caseSlugs = new Set(found.filter((m) => m.kind === 'case').map((m) => m.id));
    const withheld = keptEntries.filter((e) => entryIds.has(e.id));
    keptEntries = keptEntries.filter((e) => !entryIds.has(e.id));
    keptCases = keptCases.filter((c) => !caseSlugs.has(c.slug));
    round = withheld.map(hide);
    appendAll(newlyHidden, round);
  }
  return { entries: keptEntries, cases: keptCases, mentions, newlyHidden };
}

/**
 * Where a hidden obligation may be worded alike: the free-text fields that describe a debt.
 * (Only these are read for it: reading every field of 100,000 entries costs seconds, and an
 * obligation found in a court's name or a case number would not be worth publishing anyway.)
 */
const DETAIL_FIELDS = ['obligation', 'performedPart', 'unperformedPart'] as const;

/** Calls `visit` with each published value (comparable) and whether it is an entry's own identity. */
function forEachPublicValue(entries: readonly PublishedRecord[], measures: MeasureCatalog, pinyin: PinyinMemo, prepared: PreparedOf, visit: (text: string, own: boolean) => void): void {
  for (const entry of entries) {
    const own = prepared(entry);
    for (const field of OWN_IDENTITY_FIELDS) {
      const value = entry[field];
      if (typeof value === 'string') visit(comparableOf(own, entry, field, value), true);
    }
    const joined = pinyinOf(own, entry, pinyin);
    if (joined) visit(joined, true);
    for (const field of DETAIL_FIELDS) {
      const value = entry[field];
      if (typeof value === 'string') visit(comparableOf(own, entry, field, value), false);
    }
  }
  // The measures catalog is law, not about anyone: a name occurring in it by chance (文明) is not a mention.
  for (const group of measures.groups) for (const m of group.measures) for (const text of [m.title, m.text, ...m.responsibleUnits]) visit(comparableValue(text), true);
}

/**
 * The strings verify looks for: each hidden record without the strings a published text
 * shows anyway (see the rule at the top). Linear in the published text: one pass over the
 * published values with an automaton of the hidden strings (the old corpus.includes per
 * string was published × hidden: 91 s for 45,000 valid and 5,000 malformed rows).
 */
export function withoutPublicCollisions(records: readonly SensitiveRecord[], entries: readonly PublishedRecord[], measures: MeasureCatalog, pinyin = new PinyinMemo(), prepared: PreparedOf = NOTHING_PREPARED): SensitiveRecord[] {
  // Identifying strings are looked for in own identities, the others in free text too: two
  // smaller automata, each run only over the values it concerns.
  const identifying = new StringIndex<null>();
  const details = new StringIndex<null>();
  const identifyingSet = new Set<string>();
  // comparableValue, not comparable: the same form, each string read once (a record's strings
  // are read three times here, and thousands of hidden records share courts' wording).
  for (const r of records) for (const s of r.identifying ?? r.strings) identifyingSet.add(comparableValue(s));
  const detailSet = new Set<string>();
  for (const r of records) for (const s of r.strings) if (!identifyingSet.has(comparableValue(s))) detailSet.add(comparableValue(s));
  for (const s of identifyingSet) identifying.add(s, null);
  for (const s of detailSet) details.add(s, null);
  const shown = new Set<string>();
  if (identifying.size + details.size) {
    const note = (_at: number, text: string) => shown.add(text);
    forEachPublicValue(entries, measures, pinyin, prepared, (text, own) => {
      if (own) identifying.scan(text, note);
      details.scan(text, note);
    });
  }
  return records.map((r) => ({ ...r, strings: [...new Set(r.strings)].filter((s) => !shown.has(comparableValue(s))) }));
}
