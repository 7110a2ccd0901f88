// What can be known of one content file from its path and bytes alone: parsed, every record
// validated, every problem worded with its file, line and field. These results are kept by
// content hash (read-cache.ts) and reused on later runs, so nothing here may depend on the build
// date or on another file. What does — a record sent twice across batches, a decision naming an
// entry, publication dates, expiry, future decisions, a batch's signature (it depends on
// courts.json and site.json), a court named by entries but missing from courts.json, free text
// naming a hidden party — is decided in publish-state.ts on every run, from these results.
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { entryInputSchema, ENTRY_LABELS, type Entry } from '../schema/entry.ts';
import { decisionInputSchema, DECISION_LABELS, type Decision } from '../schema/decision.ts';
import { caseSchema, CASE_LABELS, type PublicityCase } from '../schema/case.ts';
import { measureCatalogSchema, type MeasureCatalog } from '../schema/measure.ts';
import { COURT_LABELS, courtContactSchema, courtDirectorySchema, type CourtContact } from '../schema/court.ts';
import { idKey } from '../schema/fields.ts';
import type { Problem } from '../report.ts';
import { action, problem, PROBLEMS } from '../problems.ts';
import { entryTexts, rawHiddenParty, type EntryTexts, type SensitiveRecord } from '../hidden-parties.ts';
import { entryHash, publishedPart } from '../entry-hash.ts';
import { mapDecisionColumns, mapEntryColumns } from './columns.ts';
import { readBatchFile } from './read-folder.ts';
import type { SourceRow } from './read-table.ts';

/** Where a row is, as messages cite it. */
export type RowPlace = Pick<SourceRow, 'file' | 'line' | 'lineKind'>;

export function issuesToProblems(row: RowPlace, recordId: string | undefined, issues: z.core.$ZodIssue[], labels: Record<string, string>): Problem[] {
  return issues.map((issue) => {
    const field = issue.path.length ? String(issue.path[0]) : undefined;
    return problem('FieldInvalid', { reason: issue.message }, {
      severity: 'error',
      file: row.file,
      line: row.line,
      lineKind: row.lineKind,
      recordId,
      field,
      fieldLabel: field ? labels[field] : undefined,
      action: action('Withheld'),
    });
  });
}

function recordIdOf(values: Record<string, unknown>): string | undefined {
  const id = values.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id).trim() || undefined : undefined;
}

/**
 * One row of an entry batch, validated on its own: a record with its texts as the hidden-party
 * checks read them (hidden-parties.ts entryTexts) and the hash the change feed compares
 * (entry-hash.ts: of its public part), both depending on the record alone; or why it is not one.
 */
export type EntryRowRead = Omit<RowPlace, 'file'> & ({ entry: Entry; texts: EntryTexts; hash: string } | { recordId?: string; issues: Problem[]; hidden: SensitiveRecord });

export interface EntryFileRead {
  /** Rows handed on, in file order (the file's path is the batch's, so not repeated per row). */
  rows: EntryRowRead[];
  /** Rows of a refused file and rows read only in part: never published, kept as hidden parties. */
  withheld: SensitiveRecord[];
  problems: Problem[];
  /** Columns outside the data contract, in the order first met. */
  unknownColumns: string[];
}

/** An entry batch (content/entries/): rows read and each validated against the entry schema. */
export function readEntryFile(file: string, bytes: Uint8Array): EntryFileRead {
  const read = readBatchFile(file, bytes, 'entries');
  const withheld = read.withheld.map((row) => {
    const { mapped } = mapEntryColumns(row.values);
    return rawHiddenParty(recordIdOf(mapped) ?? `${row.file}:${row.line}`, mapped);
  });
  const unknownColumns = new Set<string>();
  const rows = read.rows.map((row): EntryRowRead => {
    const { mapped, unknown } = mapEntryColumns(row.values);
    unknown.forEach((c) => unknownColumns.add(c));
    const recordId = recordIdOf(mapped);
    const result = entryInputSchema.safeParse(mapped);
    if (result.success) return { line: row.line, lineKind: row.lineKind, entry: result.data, texts: entryTexts(result.data), hash: entryHash(publishedPart(result.data)) };
    const issues = issuesToProblems(row, recordId, result.error.issues, ENTRY_LABELS);
    return { line: row.line, lineKind: row.lineKind, recordId, issues, hidden: rawHiddenParty(recordId ?? `${row.file}:${row.line}`, mapped) };
  });
  return { rows, withheld, problems: read.problems, unknownColumns: [...unknownColumns] };
}

/** One row of a decision file, validated on its own; whether its entry exists is for the caller. */
export interface DecisionRowRead extends Omit<RowPlace, 'file'> {
  recordId?: string;
  /** The entry it names, as ids are compared (idKey); '' when it names none. */
  entryId: string;
  /** Columns outside the data contract, reported as a warning on the row. */
  unknown?: Problem;
  /** The decision, or its problems (with the action for an entry that is not known). */
  decision?: Decision;
  issues?: Problem[];
}

export interface DecisionFileRead {
  rows: DecisionRowRead[];
  problems: Problem[];
  /** What makes the file unreadable: the build stops. */
  fatal: Problem[];
}

/** A decision file (content/decisions/): rows read and each validated against the decision schema. */
export function readDecisionFile(file: string, bytes: Uint8Array): DecisionFileRead {
  const read = readBatchFile(file, bytes, 'decisions');
  const rows = read.rows.map((row): DecisionRowRead => {
    const { mapped, unknown } = mapDecisionColumns(row.values);
    const recordId = recordIdOf(mapped);
    const entryId = typeof mapped.entryId === 'string' || typeof mapped.entryId === 'number' ? idKey(String(mapped.entryId).trim()) : '';
    const out: DecisionRowRead = { line: row.line, lineKind: row.lineKind, recordId, entryId };
    if (unknown.length) out.unknown = problem('UnknownDecisionColumns', { columns: unknown }, { severity: 'warning', file: row.file, line: row.line, lineKind: row.lineKind, recordId });
    const result = decisionInputSchema.safeParse(mapped);
    if (result.success) out.decision = result.data;
    else out.issues = issuesToProblems(row, recordId, result.error.issues, DECISION_LABELS);
    return out;
  });
  return { rows, problems: read.problems, fatal: read.fatal };
}

/** A publicity case (content/cases/<slug>.md), or why it is held back. */
export interface CaseFileRead {
  case?: PublicityCase;
  problems: Problem[];
}

export function readCaseFile(file: string, bytes: Uint8Array): CaseFileRead {
  const text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '');
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) return { problems: [problem('CaseWithoutFrontmatter', {}, { severity: 'error', file, line: 1, action: action('CaseWithheld') })] };
  let frontmatter: Record<string, unknown>;
  try {
    frontmatter = (parseYaml(match[1]!) ?? {}) as Record<string, unknown>;
  } catch (error) {
    return { problems: [problem('CaseFrontmatterNotYaml', { reason: (error as Error).message }, { severity: 'error', file, line: 1, action: action('CaseWithheld') })] };
  }
  const slug = path.basename(file, '.md');
  const result = caseSchema.safeParse({ ...frontmatter, date: frontmatter.date instanceof Date ? frontmatter.date.toISOString().slice(0, 10) : frontmatter.date, slug, body: match[2] });
  if (!result.success) return { problems: issuesToProblems({ file, line: 1, lineKind: 'line' }, slug, result.error.issues, CASE_LABELS).map((p) => ({ ...p, action: action('CaseWithheldFixFrontmatter') })) };
  return { case: result.data, problems: [] };
}

/** The joint punishment catalogue (content/measures/catalog.json); null when it cannot be used. */
export interface MeasuresFileRead {
  catalog: MeasureCatalog | null;
  problems: Problem[];
}

/** A JSON file's value, or the error JSON.parse gave (its message goes into the operator's report). */
function parseJson(bytes: Uint8Array): { value: unknown } | { error: unknown } {
  try {
    return { value: JSON.parse(Buffer.from(bytes).toString('utf8')) };
  } catch (error) {
    return { error };
  }
}

export function readMeasuresFile(file: string, bytes: Uint8Array): MeasuresFileRead {
  const json = parseJson(bytes);
  if ('error' in json) return { catalog: null, problems: [measuresUnreadable(file, json.error)] };
  const result = measureCatalogSchema.safeParse(json.value);
  if (!result.success) {
    return { catalog: null, problems: [problem('MeasuresInvalid', { issues: result.error.issues.map((i) => ({ path: i.path.join('.'), reason: i.message })) }, { severity: 'error', file, action: action('RegenerateMeasures') })] };
  }
  return { catalog: result.data, problems: [] };
}

export function measuresUnreadable(file: string, error: unknown): Problem {
  return problem('MeasuresUnreadable', { reason: (error as Error).message }, { severity: 'error', file, action: action('RegenerateMeasures') });
}

/** The court directory (content/courts.json), each record validated; which courts the entries name is for the caller. */
export interface CourtDirectoryFileRead {
  /** False when the file is not JSON: then no court is reported missing from it. */
  parsed: boolean;
  courts: CourtContact[];
  problems: Problem[];
}

export function readCourtDirectoryFile(file: string, bytes: Uint8Array): CourtDirectoryFileRead {
  const json = parseJson(bytes);
  if ('error' in json) return { parsed: false, courts: [], problems: [courtDirectoryUnreadable(file, json.error)] };
  const courts: CourtContact[] = [];
  const problems: Problem[] = [];
  const directory = courtDirectorySchema.safeParse(json.value);
  if (!directory.success) {
    problems.push(problem('CourtDirectoryNotObject', {}, { severity: 'error', file, field: 'courts', fieldLabel: COURT_LABELS.courts, action: action('FixCourtDirectory') }));
    return { parsed: true, courts, problems };
  }
  const seen = new Set<string>();
  directory.data.courts.forEach((raw, i) => {
    const name = typeof raw === 'object' && raw && typeof (raw as { name?: unknown }).name === 'string' ? (raw as { name: string }).name.trim() || undefined : undefined;
    const where = { severity: 'error' as const, file, line: i + 1, lineKind: 'item' as const, recordId: name };
    const result = courtContactSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.code === 'unrecognized_keys' ? issue.keys.join('、') : issue.path.length ? String(issue.path[0]) : undefined;
        problems.push(problem('FieldInvalid', { reason: issue.message }, { ...where, field, fieldLabel: field ? COURT_LABELS[field as keyof typeof COURT_LABELS] : undefined, action: action('CourtItemNotUsed') }));
      }
      return;
    }
    if (seen.has(result.data.name)) {
      problems.push(problem('CourtListedTwice', { court: result.data.name }, { ...where, field: 'name', fieldLabel: COURT_LABELS.name, action: action('FirstCourtUsed') }));
      return;
    }
    seen.add(result.data.name);
    courts.push(result.data);
  });
  return { parsed: true, courts, problems };
}

export function courtDirectoryUnreadable(file: string, error: unknown): Problem {
  return problem('CourtDirectoryUnreadable', { reason: (error as Error).message }, { severity: 'error', file, action: action('CourtDirectoryNotUsed') });
}

// ------------------------------------------------------------------ kept reads, checked
// A read kept by read-cache.ts is read back as untrusted input: before it is used, each of these
// checks the shape the code below it relies on (cheaply: types of the fields decisions are made
// on, not the schema again). A read that fails is made afresh.

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const optional = (v: unknown, is: (v: unknown) => boolean) => v === undefined || is(v);
const isArrayOf = <T>(v: unknown, is: (item: unknown) => item is T): v is T[] => Array.isArray(v) && v.every(is);
const isLineKind = (v: unknown) => v === 'line' || v === 'item';

function isProblem(p: unknown): p is Problem {
  return isObject(p) && (p.severity === 'error' || p.severity === 'warning') && isString(p.file) && isString(p.code) && Object.hasOwn(PROBLEMS, p.code) && isString(p.message) && optional(p.line, Number.isInteger) && optional(p.lineKind, isLineKind) && optional(p.recordId, isString) && optional(p.fatal, (v) => typeof v === 'boolean');
}

function isSensitive(s: unknown): s is SensitiveRecord {
  return isObject(s) && isString(s.id) && isString(s.status) && isArrayOf(s.strings, isString) && optional(s.identifying, (v) => isArrayOf(v, isString));
}

function isPlace(r: Record<string, unknown>): boolean {
  return Number.isInteger(r.line) && isLineKind(r.lineKind);
}

function isEntry(e: unknown): e is Entry {
  return (
    isObject(e) &&
    isString(e.id) &&
    (e.kind === 'person' || e.kind === 'org') &&
    isString(e.name) &&
    isString(e.court) &&
    isString(e.caseNumber) &&
    isString(e.publishedOn) &&
    (e.listingEndsOn === null || isString(e.listingEndsOn)) &&
    typeof e.disclose === 'boolean' &&
    optional(e.age, Number.isInteger) &&
    optional(e.bornOn, isString) &&
    isArrayOf(e.behaviours, Number.isInteger as (v: unknown) => v is number)
  );
}

/** The texts' forms are looked up by field (Object.hasOwn), so any own key is harmless; each must be a list of strings. */
function isEntryTexts(t: unknown): t is EntryTexts {
  return isObject(t) && isString(t.pinyin) && isObject(t.forms) && Object.values(t.forms).every((f) => isArrayOf(f, isString) && f.length > 0) && isArrayOf(t.idNumberFields, isString);
}

const isEntryHash = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{16}$/.test(v);

function isEntryRow(r: unknown): r is EntryRowRead {
  if (!isObject(r) || !isPlace(r)) return false;
  return 'entry' in r ? isEntry(r.entry) && isEntryTexts(r.texts) && isEntryHash(r.hash) : optional(r.recordId, isString) && isArrayOf(r.issues, isProblem) && isSensitive(r.hidden);
}

export function isEntryFileRead(v: unknown): v is EntryFileRead {
  return isObject(v) && isArrayOf(v.rows, isEntryRow) && isArrayOf(v.withheld, isSensitive) && isArrayOf(v.problems, isProblem) && isArrayOf(v.unknownColumns, isString);
}

function isDecision(d: unknown): d is Decision {
  return isObject(d) && isString(d.id) && isString(d.entryId) && isString(d.type) && isString(d.decidedOn) && isString(d.court) && isString(d.docNumber) && isString(d.reason);
}

function isDecisionRow(r: unknown): r is DecisionRowRead {
  return isObject(r) && isPlace(r) && isString(r.entryId) && optional(r.recordId, isString) && optional(r.unknown, isProblem) && (r.decision !== undefined ? isDecision(r.decision) && r.issues === undefined : isArrayOf(r.issues, isProblem));
}

export function isDecisionFileRead(v: unknown): v is DecisionFileRead {
  return isObject(v) && isArrayOf(v.rows, isDecisionRow) && isArrayOf(v.problems, isProblem) && isArrayOf(v.fatal, isProblem);
}

export function isCaseFileRead(v: unknown): v is CaseFileRead {
  return isObject(v) && isArrayOf(v.problems, isProblem) && optional(v.case, (c) => isObject(c) && isString(c.slug) && isString(c.date) && isString(c.body));
}

export function isMeasuresFileRead(v: unknown): v is MeasuresFileRead {
  return isObject(v) && isArrayOf(v.problems, isProblem) && (v.catalog === null || (isObject(v.catalog) && isString(v.catalog.source) && Array.isArray(v.catalog.groups)));
}

export function isCourtDirectoryFileRead(v: unknown): v is CourtDirectoryFileRead {
  return isObject(v) && typeof v.parsed === 'boolean' && isArrayOf(v.problems, isProblem) && isArrayOf(v.courts, (c): c is CourtContact => isObject(c) && isString(c.name));
}
