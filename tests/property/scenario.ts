// Generated content/ folders for the property tests: a small list with every kind of record the
// publication rules must keep private, over 1–3 builds whose dates and decision files change.
//
// A Scenario is a plain description that fast-check can shrink (indices into other arrays are
// taken modulo their length, so removing an element never invalidates the rest); `materialise`
// turns it into the files of each build and into Facts, what the oracle needs to know about
// every record. ID numbers and credit codes come from the project's own check-character helpers
// (GB 11643 / GB 32100), so they are valid exactly when the scenario says so.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { idCheckCharacter } from '../../scripts/lib/shared/rules/id-number.ts';
import { creditCodeCheckCharacter } from '../../scripts/lib/shared/rules/credit-code.ts';
import { ENTRY_LABELS } from '../../scripts/lib/schema/entry.ts';
import { DECISION_LABELS } from '../../scripts/lib/schema/decision.ts';
import { read, TRADITIONAL } from './reader.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

// ------------------------------------------------------------------ the description

/** What a record is meant to be. The oracle judges from dates, ages and files, not from this label. */
export const STATUSES = ['clean', 'minorByAge', 'minorById', 'turning18', 'undisclosed', 'future', 'expired', 'expiresLater', 'malformed', 'garbled'] as const;
export type Status = (typeof STATUSES)[number];

export interface EntrySpec {
  kind: 'person' | 'org';
  status: Status;
  /** The id written in upper case (FZ-3): a legitimate id, distinct from all others. */
  idUpper: boolean;
  /** Another party's record whose id differs only in letter case: both must be refused. */
  twin: boolean;
  /** The person comes with idNumberMasked only. */
  masked: boolean;
  /** Picks spellings, malformations and dates; any number. */
  variant: number;
  /** Days before (or, for future records, after) the first build date. */
  days: number;
  file: number;
}

export const DISCLOSE_COLUMNS = ['disclose', '是否公开', 'Disclose', '是否公开（是/否）', 'dup', 'both'] as const;
export type DiscloseColumn = (typeof DISCLOSE_COLUMNS)[number];

export interface EntryFileSpec {
  format: 'json' | 'jsonl' | 'csv';
  upperExt: boolean;
  /** CSV headers and JSON keys as Chinese labels instead of field names. */
  labels: boolean;
  /** How the disclose field is named; dup = the column twice (CSV), both = `disclose` and `是否公开`. */
  discloseColumn: DiscloseColumn;
}

export interface DecisionFileSpec {
  format: 'json' | 'jsonl' | 'csv';
  upperExt: boolean;
  labels: boolean;
  /** Build (0-based) at which the file appears. */
  arrives: number;
  /** One unreadable row among the good ones. */
  badRow: boolean;
  /** Deleted or truncated this many builds after it arrived (if the scenario has that many). */
  fate: { after: number; action: 'delete' | 'truncate' } | null;
}

export const ID_FORMS = ['exact', 'exact', 'flipCase', 'fullWidth', 'zeroWidth', 'spaces'] as const;
export interface DecisionSpec {
  target: number;
  form: (typeof ID_FORMS)[number];
  validity: 'valid' | 'future' | 'invalid';
  file: number;
  days: number;
}

export const TRANSFORMS = ['plain', 'fullWidth', 'zeroWidth', 'space', 'hyphen', 'nbsp', 'dot', 'tags', 'traditional', 'letters'] as const;
export type Transform = (typeof TRANSFORMS)[number];

/** A hidden (or any) party's data written into the free text of an entry or a case. */
export interface MentionSpec {
  victim: number;
  what: 'name' | 'idNumber' | 'masked' | 'creditCode' | 'legalRepresentative';
  transform: Transform;
  into: 'entry' | 'case';
  carrier: number;
  field: number;
}

export interface Scenario {
  /** Days after 2026-12-01 of the first build. */
  start: number;
  /** Days between consecutive builds (0 = same day, content changed). */
  gaps: number[];
  salt: number;
  entryFiles: EntryFileSpec[];
  entries: EntrySpec[];
  decisionFiles: DecisionFileSpec[];
  decisions: DecisionSpec[];
  cases: number;
  mentions: MentionSpec[];
}

// ------------------------------------------------------------------ arbitraries

const weighted = <T>(...pairs: [T, number][]) => fc.oneof(...pairs.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));
// Shrinks towards false (fast-check shrinks integers towards 0).
const rarely = (percent: number) => fc.integer({ min: 0, max: 99 }).map((n) => n >= 100 - percent);

const STATUS_WEIGHTS: Record<Status, number> = { clean: 6, minorByAge: 1, minorById: 1, turning18: 1, undisclosed: 2, future: 1, expired: 1, expiresLater: 1, malformed: 1, garbled: 1 };

export const entrySpecArb = ({ statuses = STATUSES, twinPercent = 8 }: ScenarioOptions = {}): fc.Arbitrary<EntrySpec> => fc.record({
  kind: weighted<'person' | 'org'>(['person', 3], ['org', 1]),
  status: weighted<Status>(...statuses.map((st): [Status, number] => [st, STATUS_WEIGHTS[st]])),
  idUpper: rarely(15),
  twin: rarely(twinPercent),
  masked: rarely(20),
  variant: fc.nat(9999),
  days: fc.integer({ min: 1, max: 600 }),
  file: fc.nat(5),
});

const COLUMN_WEIGHTS: Record<DiscloseColumn, number> = { disclose: 3, 是否公开: 3, Disclose: 1, '是否公开（是/否）': 1, dup: 1, both: 1 };

export const entryFileSpecArb = ({ discloseColumns = DISCLOSE_COLUMNS, upperExtPercent = 15 }: ScenarioOptions = {}): fc.Arbitrary<EntryFileSpec> => fc.record({
  format: fc.constantFrom('json', 'jsonl', 'csv'),
  upperExt: rarely(upperExtPercent),
  labels: fc.boolean(),
  discloseColumn: weighted<DiscloseColumn>(...discloseColumns.map((c): [DiscloseColumn, number] => [c, COLUMN_WEIGHTS[c]])),
});

export const decisionFileSpecArb = ({ decisionUpperExtPercent = 15, badRowPercent = 20, fates = true }: ScenarioOptions = {}): fc.Arbitrary<DecisionFileSpec> => fc.record({
  format: fc.constantFrom('json', 'jsonl', 'csv'),
  upperExt: rarely(decisionUpperExtPercent),
  labels: fc.boolean(),
  arrives: weighted<number>([0, 3], [1, 1], [2, 1]),
  badRow: rarely(badRowPercent),
  fate: fates ? fc.option(fc.record({ after: fc.integer({ min: 1, max: 2 }), action: fc.constantFrom<'delete' | 'truncate'>('delete', 'truncate') }), { freq: 4 }) : fc.constant(null),
});

export const decisionSpecArb = ({ idForms = ID_FORMS }: ScenarioOptions = {}): fc.Arbitrary<DecisionSpec> => fc.record({
  target: fc.nat(99),
  form: fc.constantFrom(...idForms),
  validity: weighted<DecisionSpec['validity']>(['valid', 4], ['future', 1], ['invalid', 1]),
  file: fc.nat(5),
  days: fc.integer({ min: 0, max: 10 }),
});

export const mentionSpecArb = ({ transforms = TRANSFORMS }: ScenarioOptions = {}): fc.Arbitrary<MentionSpec> => fc.record({
  victim: fc.nat(99),
  what: weighted<MentionSpec['what']>(['name', 3], ['idNumber', 2], ['masked', 1], ['creditCode', 1], ['legalRepresentative', 1]),
  transform: fc.constantFrom(...transforms),
  into: fc.constantFrom<'entry' | 'case'>('entry', 'case'),
  carrier: fc.nat(99),
  field: fc.nat(2),
});

/** Narrower scenarios, for properties about one rule (and counterexamples about it alone). */
export interface ScenarioOptions {
  maxEntries?: number;
  /** Builds in a sequence: 1 for the pure-level test, up to 3 for the pipeline. */
  maxBuilds?: number;
  minBuilds?: number;
  statuses?: readonly Status[];
  twinPercent?: number;
  discloseColumns?: readonly DiscloseColumn[];
  upperExtPercent?: number;
  maxDecisions?: number;
  maxMentions?: number;
  maxCases?: number;
  idForms?: readonly DecisionSpec['form'][];
  decisionUpperExtPercent?: number;
  badRowPercent?: number;
  /** Decision files may be deleted or truncated at a later build. */
  fates?: boolean;
  transforms?: readonly Transform[];
}

export function scenarioArb(options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const { maxEntries = 12, maxBuilds = 3, minBuilds = 2, maxDecisions = 5, maxMentions = 4, maxCases = 2 } = options;
  return fc.record({
    start: fc.integer({ min: 0, max: 60 }),
    gaps: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: minBuilds - 1, maxLength: maxBuilds - 1 }),
    salt: fc.nat(9999),
    entryFiles: fc.array(entryFileSpecArb(options), { minLength: 1, maxLength: 3 }),
    entries: fc.array(entrySpecArb(options), { minLength: 1, maxLength: maxEntries }),
    decisionFiles: fc.array(decisionFileSpecArb(options), { minLength: maxDecisions ? 1 : 0, maxLength: maxDecisions ? 2 : 0 }),
    decisions: fc.array(decisionSpecArb(options), { minLength: 0, maxLength: maxDecisions }),
    cases: fc.integer({ min: 0, max: maxCases }),
    mentions: fc.array(mentionSpecArb(options), { minLength: 0, maxLength: maxMentions }),
  });
}

// ------------------------------------------------------------------ dates (own arithmetic, not the project's)

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole years later; 29 February becomes 28 February in a common year. */
export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  let md = iso.slice(5);
  if (md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) md = '02-28';
  return `${String(y).padStart(4, '0')}-${md}`;
}

export function ageOn(birth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return day.slice(5) < birth.slice(5) ? years - 1 : years;
}

// ------------------------------------------------------------------ names nobody else has

const SURNAMES = '张刘陈杨赵黄吴郑冯邓许韩谢罗钟蒋陆卢苏叶';
const GIVEN = '伟华丽军红东国凤龙宝贵兰庆义荣顺锋鹏钢辉杰进泽刚岚涛玮颖';

/** Text the site shows whatever the data: a generated name found there would prove nothing. */
function fixedCorpus(): string {
  const parts = [readFileSync(path.join(ROOT, 'content/measures/catalog.json'), 'utf8')];
  for (const entry of readdirSync(path.join(ROOT, 'site'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) parts.push(readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return read(parts.join('\n'));
}

/**
 * Three-character names, surname + two given characters, every character with a distinct
 * traditional form. Surname and given characters are disjoint sets, so one name never appears
 * inside two others written side by side.
 */
export const NAME_POOL: readonly string[] = (() => {
  const corpus = fixedCorpus();
  const names: string[] = [];
  for (const s of SURNAMES) for (const a of GIVEN) for (const b of GIVEN) if (a !== b && !corpus.includes(s + a + b)) names.push(s + a + b);
  return names;
})();

// ------------------------------------------------------------------ materialised facts

export interface Party {
  kind: 'person' | 'org';
  name: string;
  legalRepresentative?: string;
  /** Persons: the full number as sent (valid unless the record is malformed on purpose). */
  idNumber?: string;
  /** Persons: 10 digits, ****, 4 characters. */
  masked?: string;
  creditCode?: string;
}

export interface EntryFacts {
  index: number;
  /** The id as written in the file. */
  id: string;
  canon: string;
  party: Party;
  status: Status;
  twin: boolean;
  file: string;
  publishedOn: string;
  /** Last listed day, null when the listing has no fixed end. */
  listingEndsOn: string | null;
  /** From a full ID number; masked numbers give the birth year only. */
  birth?: string;
  birthYear?: number;
  ageColumn?: number;
  /** Never publishable, whatever the date: a minor by the age column, not disclosed, invalid, unreadable, a case-twin. */
  alwaysHidden: string | null;
  /** Would be published when its dates allow: a plain valid record in a file that is read normally. */
  publishable: boolean;
}

export interface DecisionFacts {
  id: string;
  file: string;
  arrives: number;
  /** The entryId as written, and what it names once compared as the contract says. */
  entryId: string;
  canonTarget: string;
  validity: DecisionSpec['validity'];
  decidedOn: string;
}

export interface DecisionFileFacts {
  file: string;
  arrives: number;
  badRow: boolean;
  fate: { step: number; action: 'delete' | 'truncate' } | null;
}

export interface Facts {
  dates: string[];
  entries: EntryFacts[];
  decisions: DecisionFacts[];
  decisionFiles: DecisionFileFacts[];
  /** Files of content/ at each build (relative path → text). */
  contents: Map<string, string>[];
  /** Mentions actually written: carrier and which party. */
  mentions: { victim: number; what: MentionSpec['what']; transform: string; where: string }[];
}

/** A string with its invisible and look-alike characters spelled out, for messages. */
export function visible(text: string): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e\u3400-\u9fff]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** How the contract compares ids: NFKC, no zero-width characters, trimmed, case-insensitive. */
export function canonId(id: string): string {
  return id.normalize('NFKC').replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '').trim().toLowerCase();
}

const COURTS = [
  { name: '本溪市平山区人民法院', district: '平山区', code: '辽0502', area: '210502' },
  { name: '本溪市溪湖区人民法院', district: '溪湖区', code: '辽0503', area: '210503' },
  { name: '本溪市明山区人民法院', district: '明山区', code: '辽0504', area: '210504' },
  { name: '桓仁满族自治县人民法院', district: '桓仁满族自治县', code: '辽0522', area: '210522' },
] as const;
const AREAS = ['210502', '210503', '210504', '210521', '110101', '310104', '440305', '510107'];
const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];

const FALSE_SPELLINGS_TEXT = ['否', 'false', '0', '不公开', 'N', 'FALSE', ' 否 ', '０'];
const FALSE_SPELLINGS_JSON: unknown[] = [false, 0, '否', 'false', '0', '不公开', 'N'];
const TRUE_SPELLINGS_TEXT = ['', '是', 'true', '1'];
const TRUE_SPELLINGS_JSON: unknown[] = [undefined, true, '是', 'true'];
const DECISION_KINDS = [['屏蔽', 'performed'], ['撤销', 'wrongful'], ['删除', 'settlement'], ['屏蔽', '已履行全部义务']] as const;

function creditCodeFor(party: number, salt: number): string {
  let n = party * 7919 + salt * 104729 + 12345;
  let body = '';
  for (let i = 0; i < 7; i++) {
    body += CODE_ALPHABET[n % CODE_ALPHABET.length];
    n = Math.floor(n / CODE_ALPHABET.length) + i * 31;
  }
  const first17 = `91210502MA${body}`;
  return first17 + creditCodeCheckCharacter(first17);
}

function idNumberFor(area: string, birth: string, sequence: number): string {
  const first17 = `${area}${birth.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

const mask = (id: string) => `${id.slice(0, 10)}****${id.slice(14)}`;

function toFullWidth(text: string): string {
  return Array.from(text, (c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
}

function flipCase(text: string): string {
  return Array.from(text, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

function withZeroWidth(text: string, every: number, offset: number): string {
  const chars = Array.from(text);
  return chars.map((c, i) => (i > 0 && i % every === 0 ? ZERO_WIDTH[(i + offset) % ZERO_WIDTH.length]! : '') + c).join('');
}

/** What `transform` really did to a value (Han text has no width or digit groups to play with). */
export function transformLabel(value: string, how: Transform): string {
  if (!/\p{Script=Han}/u.test(value)) return how;
  return ({ fullWidth: 'zeroWidth', space: 'traditional', hyphen: 'zeroWidth', nbsp: 'zeroWidth', dot: 'plain', letters: 'embedded' } as Partial<Record<Transform, string>>)[how] ?? how;
}

/** `value` as an adversary (or a sloppy clerk) writes it into free text. `markdown`: inside a case body. */
export function transform(value: string, how: Transform, markdown: boolean, variant: number): string {
  const han = /\p{Script=Han}/u.test(value);
  const groups = (sep: string) => (value.length === 18 ? `${value.slice(0, 6)}${sep}${value.slice(6, 14)}${sep}${value.slice(14)}` : Array.from(value).join(sep));
  let out: string;
  switch (how) {
    case 'plain': out = value; break;
    case 'fullWidth': out = han ? withZeroWidth(value, 1, variant) : toFullWidth(value); break;
    case 'zeroWidth': out = withZeroWidth(value, han ? 1 : 3, variant); break;
    case 'space': out = han ? Array.from(value, (c) => TRADITIONAL[c] ?? c).join('') : groups(variant % 2 ? ' ' : '\u3000'); break;
    case 'hyphen': out = han ? withZeroWidth(value, 1, variant) : groups(variant % 2 ? '-' : '\u2010'); break;
    case 'nbsp': out = han ? withZeroWidth(value, 2, variant) : groups('\u00a0'); break;
    case 'dot': out = han ? value : groups('.'); break;
    case 'tags': {
      const chars = Array.from(value);
      const cut = Math.max(1, Math.floor(chars.length / 3));
      out = `${chars.slice(0, cut).join('')}<span>${chars.slice(cut, chars.length - cut).join('')}</span>${chars.slice(chars.length - cut).join('')}`;
      break;
    }
    case 'traditional': out = han ? Array.from(value, (c) => TRADITIONAL[c] ?? c).join('') : toFullWidth(value); break;
    case 'letters': out = han ? `当事人${value}先生` : `ID${value}abc`; break;
  }
  // A reader of the rendered case sees four stars, not Markdown emphasis.
  return markdown ? out.replace(/\*/g, '\\*') : out;
}

interface Row {
  values: Record<string, unknown>;
  /** Disclose as written (undefined: not given). */
  disclose: unknown;
}

const csvCell = (value: unknown): string => (value === undefined || value === null ? '' : Array.isArray(value) ? value.join(';') : String(value));

/** A cell with space at either end is quoted, so that the reader's trimming does not take it. */
const csvText = (rows: string[][]): string => stringify(rows, { record_delimiter: 'windows', quote_record_delimiter: true, quoted_match: /^\s|\s$/ });

const ENTRY_COLUMNS = ['id', 'kind', 'name', 'gender', 'age', 'idNumber', 'idNumberMasked', 'creditCode', 'legalRepresentative', 'court', 'district', 'province', 'caseNumber', 'filedOn', 'basisDocNumber', 'basisIssuer', 'obligation', 'performance', 'performedPart', 'unperformedPart', 'behaviours', 'publishedOn', 'listingEndsOn'] as const;

function discloseHeaders(column: DiscloseColumn, labels: boolean, format: EntryFileSpec['format']): string[] {
  // A JSON object cannot hold one key twice: there `dup` is the field under two of its names.
  if (column === 'dup' && format === 'csv') return ['是否公开', '是否公开'];
  if (column === 'dup') return ['disclose', '是否公开'];
  if (column === 'both') return labels ? ['是否公开', 'disclose'] : ['disclose', '是否公开'];
  return [column];
}

function writeEntryFile(spec: EntryFileSpec, rows: Row[], garbage: string[]): string {
  const header = (field: (typeof ENTRY_COLUMNS)[number]) => (spec.labels ? ENTRY_LABELS[field as keyof typeof ENTRY_LABELS] ?? field : field);
  const disclose = discloseHeaders(spec.discloseColumn, spec.labels, spec.format);
  if (spec.format === 'csv') {
    const lines = [[...ENTRY_COLUMNS.map(header), ...disclose].map(csvCell)];
    for (const row of rows) {
      const cells = ENTRY_COLUMNS.map((c) => row.values[c]);
      // The later of two disclose columns is left blank: the value must not be lost to it.
      const discloseCells = disclose.map((_, i) => (i === 0 ? (row.disclose === undefined ? '' : String(row.disclose)) : ''));
      lines.push([...cells, ...discloseCells].map(csvCell));
    }
    return csvText(lines);
  }
  const objects = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const c of ENTRY_COLUMNS) if (row.values[c] !== undefined) out[header(c)] = row.values[c];
    if (row.disclose !== undefined) {
      out[disclose[0]!] = row.disclose;
      if (disclose.length > 1) out[disclose[1]!] = '';
    }
    return out;
  });
  if (spec.format === 'json') return JSON.stringify(objects, null, 1);
  return [...objects.map((o) => JSON.stringify(o)), ...garbage].join('\n') + '\n';
}

function writeDecisionFile(spec: DecisionFileSpec, rows: Record<string, unknown>[]): string {
  const fields = Object.keys(DECISION_LABELS) as (keyof typeof DECISION_LABELS)[];
  const header = (f: keyof typeof DECISION_LABELS) => (spec.labels ? DECISION_LABELS[f] : f);
  if (spec.format === 'csv') {
    const lines = [fields.map(header).map(csvCell)];
    for (const row of rows) lines.push(fields.map((f) => csvCell(row[f])));
    // One row too many cells: it cannot be read, the rows around it can.
    if (spec.badRow) lines.splice(Math.min(2, lines.length), 0, ['dc-bad', 'zz-none', '屏蔽', '2026-01-01', '本溪市平山区人民法院', '(2026)辽0502执异9号', 'performed', '多余', '多余']);
    return csvText(lines);
  }
  const objects = rows.map((row) => Object.fromEntries(fields.map((f) => [header(f), row[f]])));
  if (spec.format === 'json') {
    const items = objects.map((o) => JSON.stringify(o));
    if (spec.badRow) items.splice(Math.min(1, items.length), 0, '"不是对象"');
    return `[\n${items.join(',\n')}\n]\n`;
  }
  const lines = objects.map((o) => JSON.stringify(o));
  if (spec.badRow) lines.splice(Math.min(1, lines.length), 0, '{"id": "dc-bad", "entryId": ');
  return `${lines.join('\n')}\n`;
}

const BASE = '2026-12-01';
const SITE_JSON = JSON.stringify({ city: '本溪市', sampleData: true });

export function materialise(s: Scenario): Facts {
  const dates = [addDays(BASE, s.start)];
  for (const gap of s.gaps) dates.push(addDays(dates.at(-1)!, gap));
  const day0 = dates[0]!;
  const steps = dates.length;
  const poolStep = 7919; // prime, so names do not repeat within the pool's length
  const nameOf = (n: number) => NAME_POOL[(s.salt + n * poolStep) % NAME_POOL.length]!;

  const files = s.entryFiles.map((spec, i) => ({ spec, name: `entries/batch-${i}.${spec.upperExt ? spec.format.toUpperCase() : spec.format}` }));
  const rowsByFile = files.map(() => [] as Row[]);
  const garbageByFile = files.map(() => [] as string[]);
  const entries: EntryFacts[] = [];

  const makeEntry = (spec: EntrySpec, party: number, id: string, asTwin: boolean): void => {
    const index = entries.length;
    const file = files[spec.file % files.length]!;
    const v = spec.variant;
    // A twin is an otherwise plain record: only its id makes it unpublishable.
    const status: Status = asTwin ? 'clean' : spec.kind === 'org' && ['minorByAge', 'minorById', 'turning18'].includes(spec.status) ? 'clean' : spec.status;
    const court = COURTS[(index + v) % COURTS.length]!;
    const kind = spec.kind;
    // Dates.
    let publishedOn = addDays(day0, -spec.days);
    let listingEndsOn: string | undefined;
    let behaviours = v % 3 === 0 ? [1, 3] : [1];
    if (status === 'future' || status === 'turning18') publishedOn = addDays(day0, 1 + (spec.days % 30));
    if (status === 'expired') {
      listingEndsOn = addDays(day0, -1 - (spec.days % 60));
      publishedOn = addDays(listingEndsOn, -30 - (v % 300));
    }
    if (status === 'expiresLater') listingEndsOn = addDays(day0, v % 25);
    if (status === 'clean' && behaviours.length > 1 && addYears(publishedOn, 2) < addDays(day0, 60)) behaviours = [1];
    const filedOn = addDays(publishedOn, -20 - (v % 200));
    // The person.
    let birth: string | undefined;
    let ageColumn: number | undefined;
    if (kind === 'person') {
      if (status === 'turning18') birth = addYears(publishedOn, -18);
      else if (status === 'minorById') birth = addDays(addYears(publishedOn, -17), -(v % 300));
      else birth = `${1950 + (v % 45)}-${String(1 + (v % 12)).padStart(2, '0')}-${String(1 + (v % 28)).padStart(2, '0')}`;
      ageColumn = status === 'minorByAge' ? 16 + (v % 2) : status === 'minorById' ? 30 : ageOn(birth, publishedOn);
    }
    const male = v % 2 === 0;
    const idNumber = kind === 'person' ? idNumberFor(AREAS[party % AREAS.length]!, birth!, 2 * party + (male ? 101 : 100)) : undefined;
    const masked = idNumber ? mask(idNumber) : undefined;
    const partyFacts: Party = kind === 'person'
      ? { kind, name: nameOf(party), idNumber, masked }
      : { kind, name: `本溪${nameOf(party)}商贸有限公司`, legalRepresentative: nameOf(party + 500), creditCode: creditCodeFor(party, s.salt) };
    const amount = 10000 + index * 1371 + (asTwin ? 7 : 0);
    const values: Record<string, unknown> = {
      id, kind: kind === 'person' ? (v % 4 === 0 ? '自然人' : 'person') : v % 4 === 0 ? '法人或其他组织' : 'org', name: partyFacts.name,
      court: court.name, district: court.district, province: '辽宁省',
      caseNumber: `(${publishedOn.slice(0, 4)})${court.code}执${1000 + index + (asTwin ? 500 : 0)}号`, filedOn,
      basisDocNumber: `(2024)${court.code}民初${2000 + index + (asTwin ? 500 : 0)}号`, basisIssuer: court.name,
      obligation: `被告于判决生效后十日内支付货款人民币${amount}元`, performance: v % 5 === 0 ? '部分未履行' : '全部未履行',
      behaviours, publishedOn, listingEndsOn,
    };
    if (values.performance === '部分未履行') {
      values.performedPart = `已履行人民币${amount - 5000}元`;
      values.unperformedPart = '尚欠人民币5000元';
    }
    if (kind === 'person') {
      Object.assign(values, { gender: male ? '男' : '女', age: ageColumn });
      if (spec.masked && status !== 'turning18') values.idNumberMasked = masked;
      else values.idNumber = idNumber;
    } else Object.assign(values, { creditCode: partyFacts.creditCode, legalRepresentative: partyFacts.legalRepresentative });
    const json = file.spec.format !== 'csv';
    let disclose: unknown = json ? TRUE_SPELLINGS_JSON[v % TRUE_SPELLINGS_JSON.length] : TRUE_SPELLINGS_TEXT[v % TRUE_SPELLINGS_TEXT.length];
    if (status === 'undisclosed') disclose = json ? FALSE_SPELLINGS_JSON[v % FALSE_SPELLINGS_JSON.length] : FALSE_SPELLINGS_TEXT[v % FALSE_SPELLINGS_TEXT.length];
    const why: string[] = asTwin || spec.twin ? [`its id differs from ${flipCase(id)}'s only in letter case`] : [];
    if (status === 'minorByAge') why.push(`age column says ${ageColumn}`);
    if (status === 'undisclosed') why.push(`disclose ${JSON.stringify(disclose)} under ${discloseHeaders(file.spec.discloseColumn, file.spec.labels, file.spec.format).join(' + ')}`);
    if (status === 'malformed') {
      const kinds = kind === 'person' ? ['badChecksum', 'noGender', 'badDate', 'filedAfterPublished', 'badCaseNumber', 'badKind', 'badDisclose'] : ['badCreditCode', 'noLegalRepresentative', 'badDate', 'badCaseNumber', 'badDisclose'];
      const how = kinds[v % kinds.length]!;
      why.push(`malformed: ${how}`);
      if (how === 'badChecksum') {
        const wrong = idNumber!.slice(0, 17) + (idNumber![17] === '0' ? '1' : '0');
        partyFacts.idNumber = wrong;
        partyFacts.masked = mask(wrong);
        delete values.idNumberMasked;
        values.idNumber = wrong;
      }
      if (how === 'noGender') delete values.gender;
      if (how === 'badDate') values.publishedOn = `${publishedOn.slice(0, 4)}-13-45`;
      if (how === 'filedAfterPublished') values.filedOn = addDays(publishedOn, 3);
      if (how === 'badCaseNumber') values.caseNumber = '执行案件第七号';
      if (how === 'badKind') values.kind = '外星人';
      if (how === 'badDisclose') disclose = '待定'; // an unrecognised value withholds
      if (how === 'badCreditCode') {
        const code = partyFacts.creditCode!;
        values.creditCode = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
        partyFacts.creditCode = values.creditCode as string;
      }
      if (how === 'noLegalRepresentative') delete values.legalRepresentative;
    }
    const garbled = status === 'garbled';
    if (garbled) {
      why.push(file.spec.format === 'jsonl' ? 'unreadable line' : 'court and obligation missing');
      const text = JSON.stringify({ ...values, disclose });
      if (file.spec.format === 'jsonl') garbageByFile[spec.file % files.length]!.push(text.slice(0, Math.floor(text.length * 0.8)));
      else {
        // CSV and JSON arrays have no line of their own to garble: a record missing required fields instead.
        delete values.court;
        delete values.obligation;
        rowsByFile[spec.file % files.length]!.push({ values, disclose });
      }
    } else rowsByFile[spec.file % files.length]!.push({ values, disclose });
    const refused = file.spec.discloseColumn === 'dup' || file.spec.discloseColumn === 'both';
    const alwaysHidden = why.length ? why.join('; ') : null;
    entries.push({
      index, id, canon: canonId(id), party: partyFacts, status, twin: asTwin || spec.twin, file: file.name, publishedOn,
      listingEndsOn: listingEndsOn ?? (behaviours.some((b) => b !== 1) ? addYears(publishedOn, 2) : null),
      birth: kind === 'person' && !values.idNumberMasked ? birth : undefined,
      birthYear: kind === 'person' ? Number(birth!.slice(0, 4)) : undefined,
      ageColumn, alwaysHidden,
      publishable: alwaysHidden === null && !refused && ['clean', 'future', 'turning18', 'expiresLater', 'expired', 'minorById'].includes(status),
    });
  };

  // A record on an unreadable line has no id anyone can read: it cannot be anyone's twin.
  const unreadable = (spec: EntrySpec) => spec.status === 'garbled' && files[spec.file % files.length]!.spec.format === 'jsonl';
  s.entries.forEach((spec, i) => {
    const id = spec.idUpper ? `FZ-${i}` : `fz-${i}`;
    makeEntry(unreadable(spec) ? { ...spec, twin: false } : spec, i, id, false);
  });
  // Twins after all others, so that indices of the main records stay put while shrinking.
  s.entries.forEach((spec, i) => {
    if (spec.twin && !unreadable(spec)) makeEntry({ ...spec, status: 'clean', twin: true, variant: spec.variant + 1 }, s.entries.length + i, flipCase(spec.idUpper ? `FZ-${i}` : `fz-${i}`), true);
  });

  // Mentions: another party's data in an entry's free text or in a case.
  const mentions: Facts['mentions'] = [];
  const caseTexts = Array.from({ length: s.cases }, (_, c) => ({
    title: `拒不履行判决 法院依法惩戒（案例${c + 1}）`,
    summary: `被执行人拒不履行生效判决，被依法纳入失信名单。`,
    body: [`本溪市某区人民法院在执行一起买卖合同纠纷案件中，被执行人长期拒不履行义务。`, `执行法官依法采取了限制消费措施。`],
  }));
  const entryRows = new Map<number, Row>();
  rowsByFile.forEach((rows) => rows.forEach((row) => {
    const at = entries.findIndex((e) => e.id === row.values.id && e.party.name === row.values.name);
    if (at >= 0) entryRows.set(at, row);
  }));
  for (const m of s.mentions) {
    const victim = entries[m.victim % entries.length]!;
    // A record on an unreadable line names nobody the pipeline can read, so nothing can be
    // screened for it: a known limit (closing note of 2026-12-01), not generated.
    if (victim.alwaysHidden?.includes('unreadable line')) continue;
    const p = victim.party;
    const what = m.what === 'idNumber' && p.idNumber ? 'idNumber' : m.what === 'masked' && p.masked ? 'masked' : m.what === 'creditCode' && p.creditCode ? 'creditCode' : m.what === 'legalRepresentative' && p.legalRepresentative ? 'legalRepresentative' : 'name';
    const value = p[what]!;
    if (m.into === 'case' && caseTexts.length) {
      const c = caseTexts[m.carrier % caseTexts.length]!;
      const field = (['body', 'title', 'summary'] as const)[m.field % 3]!;
      const text = transform(value, m.transform, field === 'body', m.carrier);
      if (field === 'body') c.body.splice(1, 0, `经查，${text}名下有房产一处。`);
      else if (field === 'title') c.title += `：${text}`;
      else c.summary += `（${text}）`;
      mentions.push({ victim: victim.index, what, transform: transformLabel(value, m.transform), where: `cases/fz-case-${m.carrier % caseTexts.length}.md ${field}` });
      continue;
    }
    const carrierIndex = m.carrier % entries.length;
    const carrier = entries[carrierIndex]!;
    const row = entryRows.get(carrierIndex);
    if (!row || carrierIndex === victim.index) continue;
    const field = (['obligation', 'performedPart', 'unperformedPart'] as const)[m.field % 3]!;
    const text = transform(value, m.transform, false, m.carrier);
    row.values[field] = `${(row.values[field] as string | undefined) ?? '另查明'}；${text}系共同债务人`;
    carrier.publishable = false; // what a carrier deserves is for the fix to say; that it leaks nothing is checked
    mentions.push({ victim: victim.index, what, transform: transformLabel(value, m.transform), where: `${carrier.file} ${carrier.id} ${field}` });
  }

  // Decisions.
  const decisionFiles: DecisionFileFacts[] = s.decisionFiles.map((spec, j) => {
    const arrives = spec.arrives % steps;
    const fateStep = spec.fate ? arrives + spec.fate.after : Infinity;
    return { file: `decisions/d-${j}.${spec.upperExt ? spec.format.toUpperCase() : spec.format}`, arrives, badRow: spec.badRow, fate: spec.fate && fateStep < steps ? { step: fateStep, action: spec.fate.action } : null };
  });
  const decisions: DecisionFacts[] = [];
  const decisionRows = s.decisionFiles.map(() => [] as Record<string, unknown>[]);
  if (decisionFiles.length && entries.length) {
    s.decisions.forEach((d, k) => {
      const j = d.file % decisionFiles.length;
      const file = decisionFiles[j]!;
      const target = entries[d.target % entries.length]!;
      const [type, reason] = DECISION_KINDS[(k + d.days) % DECISION_KINDS.length]!;
      const arrival = dates[file.arrives]!;
      const decidedOn = d.validity === 'future' ? addDays(arrival, 1 + d.days) : addDays(arrival, -d.days);
      const entryId = d.form === 'flipCase' ? flipCase(target.id) : d.form === 'fullWidth' ? toFullWidth(target.id) : d.form === 'zeroWidth' ? `${target.id.slice(0, 2)}\u200b${target.id.slice(2)}` : d.form === 'spaces' ? ` ${target.id} ` : target.id;
      const row = { id: `dc-${k}`, entryId, type, decidedOn, court: '本溪市平山区人民法院', docNumber: `(2026)辽0502执异${k + 1}号`, reason: d.validity === 'invalid' ? '不想公开了' : reason };
      decisionRows[j]!.push(row);
      decisions.push({ id: row.id, file: file.file, arrives: file.arrives, entryId, canonTarget: canonId(entryId), validity: d.validity, decidedOn });
    });
  }

  // The content folder at each build.
  const baseFiles = new Map<string, string>([['site.json', SITE_JSON], ['measures/catalog.json', readFileSync(path.join(ROOT, 'content/measures/catalog.json'), 'utf8')]]);
  files.forEach((f, i) => baseFiles.set(f.name, writeEntryFile(f.spec, rowsByFile[i]!, garbageByFile[i]!)));
  caseTexts.forEach((c, i) => baseFiles.set(`cases/fz-case-${i}.md`, [
    '---', `title: ${JSON.stringify(c.title)}`, `date: ${addDays(day0, -10 - i)}`, 'court: 本溪市平山区人民法院', 'category: 典型案例',
    `summary: ${JSON.stringify(c.summary)}`, 'behaviours: [1]', 'relatedCaseNumbers: []', '---', '', ...c.body.flatMap((p) => [p, '']),
  ].join('\n')));
  const contents = dates.map((_, step) => {
    const content = new Map(baseFiles);
    decisionFiles.forEach((f, j) => {
      // An empty decision file reads as one cut off to nothing: the build stops (ingest). Courts send none.
      if (decisionRows[j]!.length === 0) return;
      if (step < f.arrives || (f.fate?.action === 'delete' && step >= f.fate.step)) return;
      const text = writeDecisionFile(s.decisionFiles[j]!, decisionRows[j]!);
      content.set(f.file, f.fate?.action === 'truncate' && step >= f.fate.step ? text.slice(0, Math.floor(text.length * 0.6)) : text);
    });
    return content;
  });

  return { dates, entries, decisions, decisionFiles, contents, mentions };
}
