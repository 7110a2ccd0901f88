// Column names a court export may use for each field: our English field names, the
// Chinese labels of ENTRY_LABELS / DECISION_LABELS, and the national site's wording.
import { ENTRY_LABELS, type EntryField } from '../schema/entry.ts';
import { DECISION_LABELS } from '../schema/decision.ts';

const ENTRY_ALIASES: Record<string, EntryField> = {
  姓名: 'name', 名称: 'name', 被执行人姓名: 'name', 被执行人名称: 'name', 被执行人: 'name',
  身份证号: 'idNumber', 身份证: 'idNumber', 公民身份号码: 'idNumber',
  组织机构代码: 'creditCode', 统一社会信用代码或组织机构代码: 'creditCode',
  法定代表人: 'legalRepresentative', 负责人: 'legalRepresentative',
  地区: 'district', 县区: 'district', 执行案号: 'caseNumber', 履行情况: 'performance',
  失信情形: 'behaviours', 失信被执行人具体情形: 'behaviours', 期限届满日: 'listingEndsOn',
};

/** The national site's combined column holds an ID number for persons and a code for organisations. */
export const ID_OR_CODE_COLUMN = '身份证号码/组织机构代码';

export function entryFieldForColumn(column: string): EntryField | typeof ID_OR_CODE_COLUMN | null {
  const name = column.trim();
  if (name === ID_OR_CODE_COLUMN) return ID_OR_CODE_COLUMN;
  if (name in ENTRY_LABELS) return name as EntryField;
  const byLabel = (Object.keys(ENTRY_LABELS) as EntryField[]).find((field) => ENTRY_LABELS[field] === name);
  return byLabel ?? ENTRY_ALIASES[name] ?? null;
}

export function decisionFieldForColumn(column: string): keyof typeof DECISION_LABELS | null {
  const name = column.trim();
  if (name in DECISION_LABELS) return name as keyof typeof DECISION_LABELS;
  return (Object.keys(DECISION_LABELS) as (keyof typeof DECISION_LABELS)[]).find((f) => DECISION_LABELS[f] === name) ?? null;
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
    else mapped[field] = value;
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
    else mapped[field] = value;
  }
  return { mapped, unknown };
}
