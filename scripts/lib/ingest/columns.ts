// Column names a court export may use for each field: our English field names, the
// Chinese labels of ENTRY_LABELS / DECISION_LABELS, and the national site's wording.
// A spreadsheet's header is typed by people: `Disclose`, `是否公开（是/否）` and ` 是否 公开 `
// all mean one field, so headers are compared after normaliseHeader. A column must never be
// able to hide a field: a field given twice, or an unknown column that looks like a privacy
// field, refuses the file (columnProblems).
import { ENTRY_LABELS, type EntryField } from '../schema/entry.ts';
import { DECISION_LABELS } from '../schema/decision.ts';
import { normaliseId } from '../schema/fields.ts';

const ENTRY_ALIASES: Record<string, EntryField> = {
  姓名: 'name', 名称: 'name', 被执行人姓名: 'name', 被执行人名称: 'name', 被执行人: 'name',
  身份证号: 'idNumber', 身份证: 'idNumber', 公民身份号码: 'idNumber',
  组织机构代码: 'creditCode', 统一社会信用代码或组织机构代码: 'creditCode',
  法定代表人: 'legalRepresentative', 负责人: 'legalRepresentative',
  地区: 'district', 县区: 'district', 执行案号: 'caseNumber', 履行情况: 'performance',
  失信情形: 'behaviours', 失信被执行人具体情形: 'behaviours', 期限届满日: 'listingEndsOn',
  公开: 'disclose', 是否公示: 'disclose', 公示日期: 'publishedOn', 发布日期: 'publishedOn',
};

/** The national site's combined column holds an ID number for persons and a code for organisations. */
export const ID_OR_CODE_COLUMN = '身份证号码/组织机构代码';

export type DecisionField = keyof typeof DECISION_LABELS;
export type TableKind = 'entries' | 'decisions';

const BRACKETED_SUFFIX = /[([{【〔〖<].*$/u;

/**
 * How a header is compared: NFKC (full-width to ASCII, `（` to `(`), invisible characters and
 * all white space removed, lower case. `keepSuffix: false` also drops a bracket and everything
 * after it, so `是否公开（是/否）` is `是否公开`.
 */
export function normaliseHeader(column: string, { keepSuffix = false } = {}): string {
  const folded = normaliseId(column).replace(/\s+/gu, '').toLowerCase();
  return keepSuffix ? folded : folded.replace(BRACKETED_SUFFIX, '');
}

type Lookup<F extends string> = Map<string, F>;

function lookupOf<F extends string>(labels: Partial<Record<F, string>>, aliases: Record<string, F> = {}): Lookup<F> {
  const map: Lookup<F> = new Map();
  const add = (name: string, field: F) => map.set(normaliseHeader(name, { keepSuffix: true }), field);
  for (const [alias, field] of Object.entries(aliases) as [string, F][]) add(alias, field);
  for (const field of Object.keys(labels) as F[]) {
    add(labels[field]!, field);
    add(field, field);
  }
  return map;
}

const ENTRY_LOOKUP = lookupOf<EntryField | typeof ID_OR_CODE_COLUMN>(ENTRY_LABELS, { ...ENTRY_ALIASES, [ID_OR_CODE_COLUMN]: ID_OR_CODE_COLUMN });
const DECISION_LOOKUP = lookupOf<DecisionField>(DECISION_LABELS);

/** Whole labels first (`身份证号码（已脱敏）` is its own field), then without the bracketed suffix. */
function fieldOf<F extends string>(lookup: Lookup<F>, memo: Map<string, F | null>, column: string): F | null {
  let field = memo.get(column);
  if (field === undefined) {
    field = lookup.get(normaliseHeader(column, { keepSuffix: true })) ?? lookup.get(normaliseHeader(column)) ?? null;
    if (memo.size < 10_000) memo.set(column, field);
  }
  return field;
}

const entryMemo = new Map<string, EntryField | typeof ID_OR_CODE_COLUMN | null>();
const decisionMemo = new Map<string, DecisionField | null>();

export function entryFieldForColumn(column: string): EntryField | typeof ID_OR_CODE_COLUMN | null {
  return fieldOf(ENTRY_LOOKUP, entryMemo, column);
}

export function decisionFieldForColumn(column: string): DecisionField | null {
  return fieldOf(DECISION_LOOKUP, decisionMemo, column);
}

/**
 * Words that mark a column as being about who may see the record. Such a column we do not know
 * may be a misspelt `disclose` or a minor flag: ignoring it could publish someone who must not be.
 */
const PRIVACY_WORDS = ['公开', '公示', '隐私', '未成年', '保密', '不宜', '屏蔽', '脱敏', '身份证', '证件', '出生', '年龄', 'disclos', 'private', 'privacy', 'public', 'minor', 'secret', 'confidential', 'hidden', 'hide', 'birth', 'idcard', 'idno'];

export function looksLikePrivacyField(column: string): boolean {
  const name = normaliseHeader(column, { keepSuffix: true });
  return PRIVACY_WORDS.some((word) => name.includes(word));
}

export interface ColumnProblems {
  /** Fields given by more than one column, with those columns as written. */
  duplicates: { field: string; columns: string[] }[];
  /** Unknown columns that look like a privacy field (entries only). */
  privacy: string[];
}

/**
 * What makes a file's columns unsafe to read: a field given twice (which one wins is chance) or,
 * in an entry file, an unknown column that looks like a privacy field.
 */
export function columnProblems(kind: TableKind, columns: readonly string[]): ColumnProblems {
  const byField = new Map<string, string[]>();
  const privacy: string[] = [];
  for (const column of columns) {
    const field = kind === 'entries' ? entryFieldForColumn(column) : decisionFieldForColumn(column);
    if (field === null) {
      if (kind === 'entries' && looksLikePrivacyField(column)) privacy.push(column);
      continue;
    }
    byField.set(field, [...(byField.get(field) ?? []), column]);
  }
  const duplicates = [...byField].filter(([, cols]) => cols.length > 1).map(([field, cols]) => ({ field, columns: cols }));
  return { duplicates, privacy };
}

/** Ids are matched after NFKC and without invisible characters; the schema does the same. */
function idValue(value: unknown): unknown {
  return typeof value === 'string' ? normaliseId(value) : value;
}

/**
 * Renames a row's columns to field names. Columns we do not know are returned separately:
 * they may hold personal data that must not be published, so they are reported, never passed on.
 */
export function mapEntryColumns(values: Record<string, unknown>): { mapped: Record<string, unknown>; unknown: string[] } {
  const mapped: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [column, value] of Object.entries(values)) {
    const field = entryFieldForColumn(column);
    if (field === null) unknown.push(column);
    else if (field === ID_OR_CODE_COLUMN) mapped[ID_OR_CODE_COLUMN] = value;
    else mapped[field] = field === 'id' ? idValue(value) : value;
  }
  if (ID_OR_CODE_COLUMN in mapped) {
    const value = mapped[ID_OR_CODE_COLUMN];
    delete mapped[ID_OR_CODE_COLUMN];
    const isOrg = ['org', '法人', '单位', '法人或其他组织', '组织'].includes(String(mapped.kind ?? '').trim());
    const target = isOrg ? 'creditCode' : String(value ?? '').includes('*') ? 'idNumberMasked' : 'idNumber';
    mapped[target] ??= value;
  }
  return { mapped, unknown };
}

export function mapDecisionColumns(values: Record<string, unknown>): { mapped: Record<string, unknown>; unknown: string[] } {
  const mapped: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [column, value] of Object.entries(values)) {
    const field = decisionFieldForColumn(column);
    if (field === null) unknown.push(column);
    else mapped[field] = field === 'id' || field === 'entryId' ? idValue(value) : value;
  }
  return { mapped, unknown };
}
