// Bulk checking for work units, departments and banks (source document: 自动比对、自动拦截): a
// pasted or uploaded list of people and organisations, matched against the published list in the
// browser. Every cell is read through readTypedText first, so a full ID number is masked exactly
// as the list publishes it before anything else sees it, and it never leaves the page.
import { hanCharacters } from './normalise.ts';
import { readTypedText } from './query.ts';
import { defuseFormula } from '../spreadsheet.ts';
import { worded } from '../catalogue.ts';

export interface CheckableEntry {
  id: string;
  name: string;
  idNumberMasked?: string;
  creditCode?: string;
}

/** listed 在名单中 · clear 未发现 · review 需人工核对 · invalid 无法核查. */
export type Verdict = 'listed' | 'clear' | 'review' | 'invalid';
export const VERDICTS: readonly Verdict[] = ['listed', 'review', 'clear', 'invalid'];
export const VERDICT_LABEL: Record<Verdict, string> = { listed: '在名单中', clear: '未发现', review: '需人工核对', invalid: '无法核查' };

export interface CheckResult {
  /** The row's number in the file or the pasted text (1-based, the header counted), so it can be found there. */
  row: number;
  /** The name as read (Han characters only); empty when none was given. */
  name: string;
  /** The masked ID number or the credit code; empty when none was read. */
  identifier: string;
  verdict: Verdict;
  /** Why, by its code in CHECK_REASONS. */
  code: CheckReasonCode;
  /** Why, in Chinese: what matched or what is missing, and what to do (CHECK_REASONS). */
  reason: string;
  /** Ids of the published entries the row matched or needs comparing with. */
  matches: string[];
}

export interface CheckIndex {
  byIdentifier: Map<string, CheckableEntry[]>;
  byName: Map<string, CheckableEntry[]>;
}

/** A cell as a spreadsheet reader or the paste box gives it. */
export type Cell = string | number | boolean | Date | null | undefined;

/** Which cell holds what, as a header row names them; null where no header said. */
export interface Columns {
  name: number | null;
  identifier: number | null;
}

export interface CheckReport {
  results: CheckResult[];
  /** The header row's number, or null when the first row is data. */
  headerRow: number | null;
  counts: Record<Verdict, number>;
}

const plainName = (name: string) => hanCharacters(name).join('');

function add(map: Map<string, CheckableEntry[]>, key: string, entry: CheckableEntry) {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

export function buildCheckIndex(entries: readonly CheckableEntry[]): CheckIndex {
  const index: CheckIndex = { byIdentifier: new Map(), byName: new Map() };
  for (const entry of entries) {
    if (entry.idNumberMasked) add(index.byIdentifier, entry.idNumberMasked.toUpperCase(), entry);
    if (entry.creditCode) add(index.byIdentifier, entry.creditCode.toUpperCase(), entry);
    const name = plainName(entry.name);
    if (name) add(index.byName, name, entry);
  }
  return index;
}

/**
 * One pasted line as cells: spreadsheet copies are tab-separated, CSV-like lines comma-separated;
 * anything else is one cell, so an ID typed with spaces (`210502 19850315 2715`) stays whole.
 */
export function splitPastedLine(line: string): string[] {
  if (line.includes('\t')) return line.split('\t');
  if (/[,，;；]/.test(line)) return line.split(/[,，;；]/);
  return [line];
}

// Whole-cell labels: a cell that is only one of these names a column, it is not a person.
const NAME_LABEL = /^(被执行人|申请人|人员|员工|供应商|投标人|客户|单位|企业|公司|机构)?(姓名|名称|全称|姓名[/或、]?名称|name)$/i;
const IDENTIFIER_LABEL = /^(公民)?(身份证|身份|证件|证照|居民身份证|身份证件|统一社会信用|社会信用|信用|组织机构)(号|号码|代码|编号)?([/或、](统一社会信用|社会信用|信用)?(代码|号码))?$|^(id|idnumber|creditcode)$/i;
const labelOf = (cell: string) => cell.normalize('NFKC').replace(/[\s:：*＊()（）\[\]【】_.-]/g, '');

/**
 * The columns a header row names (`姓名 | 身份证号码`, `单位名称 | 统一社会信用代码`), or null when
 * the row is data. A row is a header when it holds no long number and one of its cells is exactly
 * a name or identifier column's label; other columns (序号, 应聘岗位, 备注…) may be called anything.
 */
export function headerColumns(cells: readonly string[]): Columns | null {
  const columns: Columns = { name: null, identifier: null };
  for (const [i, cell] of cells.entries()) {
    const label = labelOf(cell);
    if (!label) continue;
    if (/\d{6}/.test(label)) return null;
    if (NAME_LABEL.test(label)) columns.name ??= i;
    else if (IDENTIFIER_LABEL.test(label)) columns.identifier ??= i;
  }
  return columns.name !== null || columns.identifier !== null ? columns : null;
}

/** What is read from a cell, with the full ID number already masked. */
interface ReadCell {
  text: string;
  identifier: { kind: 'idNumber' | 'maskedId' | 'creditCode'; value: string; valid: boolean } | null;
  /** A number cell too long for a spreadsheet to hold exactly: its last digits are gone. */
  lostDigits: boolean;
  /** Digits in the cell that are not a whole identifier (a partial or 15-digit ID, a phone number). */
  looseDigits: number;
}

const MASKED_ID = /(?<![\dA-Za-z])\d{10}\*{4}\d{3}[\dXx](?![\dA-Za-z])/;

function readCell(cell: Cell): ReadCell {
  let raw = '';
  let lostDigits = false;
  if (typeof cell === 'number') {
    // Excel keeps 15 significant digits: an 18-digit ID typed into a number cell is already wrong.
    lostDigits = Number.isInteger(cell) && Math.abs(cell) >= 1e15;
    raw = Number.isSafeInteger(cell) || lostDigits ? BigInt(Math.trunc(cell)).toString() : String(cell);
  } else if (typeof cell === 'string') raw = cell;
  else if (cell instanceof Date) raw = '';
  else if (cell !== null && cell !== undefined) raw = String(cell);
  const typed = readTypedText(raw);
  const found = typed.identifiers[0];
  const text = typed.text.trim();
  let identifier: ReadCell['identifier'] = null;
  if (found?.kind === 'idNumber') identifier = { kind: 'idNumber', value: found.masked, valid: found.valid };
  else if (found?.kind === 'creditCode') identifier = { kind: 'creditCode', value: found.code, valid: found.valid };
  else {
    const masked = MASKED_ID.exec(text)?.[0];
    if (masked) identifier = { kind: 'maskedId', value: masked.toUpperCase(), valid: true };
  }
  const rest = identifier ? text.replace(identifier.value, '') : text;
  const looseDigits = Math.max(0, ...Array.from(rest.matchAll(/[\d*]+/g), (m) => m[0].length));
  return { text, identifier, lostDigits, looseDigits };
}

/**
 * Why a row got its verdict: the check tool's one catalogue of reasons, by code (as the
 * publisher's refusals.ts), so that code and tests branch on the code and every wording is
 * read over in one place. `what` names the identifier read (身份证号码（已脱敏部分）, 脱敏身份证号码,
 * 统一社会信用代码); `label` 姓名 or 名称; `listed` the names the list has.
 */
export const CHECK_REASONS = {
  IdentifierLostDigits: () => '证件号码在表格里存成了数字，后几位已丢失：请把该列设为“文本”格式、重新填写号码后再核查',
  CreditCodeInvalid: () => '统一社会信用代码无效（校验位不符），请核对原件后重新核查',
  IdNumberInvalid: () => '身份证号码无效（校验位或出生日期不符），请核对原件后重新核查',
  IdentifierIncomplete: () => '号码不是完整的 18 位身份证号码或统一社会信用代码（15 位旧身份证号码请换成 18 位），请补全后重新核查',
  NothingToCheck: () => '这一行没有可核查的姓名、身份证号码或统一社会信用代码',
  NamesakesWithoutIdentifier: (p: { count: number }) => `名单中有同名者 ${p.count} 个，但这一行没有证件号码，无法确认是否同一人：请补充身份证号码或统一社会信用代码，或逐一核对`,
  NameNotListed: () => '名单中没有这个姓名或名称（未提供证件号码，只按姓名比对）',
  NameAndIdentifierListed: (p: { label: string; what: string }) => `${p.label}和${p.what}与名单记录一致`,
  CreditCodeListed: (p: { what: string; listed: string }) => `${p.what}与名单记录一致（名单名称：${p.listed}）`,
  IdentifierListedWithoutName: (p: { what: string; listed: string }) => `${p.what}与名单记录相同，但这一行没有姓名：请核对姓名（名单姓名：${p.listed}）`,
  IdentifierListedOtherName: (p: { what: string; label: string; listed: string }) => `${p.what}与名单记录相同，但${p.label}不同（名单：${p.listed}）：可能是更名、错字或另一人，请人工核对`,
  NamesakesIdentifierUnpublished: (p: { what: string }) => `名单中有同名者，但名单未公开其${p.what}，无法用号码排除：请人工核对`,
  NamesakesOtherIdentifier: (p: { what: string; party: string }) => `名单中有同名者，但${p.what}不同，不是同一${p.party}`,
  IdentifierNotListed: (p: { what: string }) => `名单中没有这个${p.what}`,
} as const;

export type CheckReasonCode = keyof typeof CHECK_REASONS;

/** A reason of the catalogue, worded. */
function because<C extends CheckReasonCode>(code: C, ...params: Parameters<(typeof CHECK_REASONS)[C]>): { code: C; reason: string } {
  return { code, reason: worded(CHECK_REASONS, code, params[0]).message };
}

const result = (row: number, name: string, identifier: string, verdict: Verdict, { code, reason }: { code: CheckReasonCode; reason: string }, matches: CheckableEntry[] = []): CheckResult => ({
  row,
  name,
  identifier,
  verdict,
  code,
  reason,
  matches: matches.map((e) => e.id),
});

const names = (entries: readonly CheckableEntry[]) => [...new Set(entries.map((e) => e.name))].join('、');

/** Classifies one row of cells; null for an empty row. */
export function checkRow(cells: readonly Cell[], row: number, index: CheckIndex, columns: Columns | null = null): CheckResult | null {
  const read = cells.map(readCell);
  if (read.every((c) => !c.text && !c.lostDigits)) return null;
  // The identifier: from its column when a header named one, else the first cell holding one.
  const idCell = columns?.identifier != null ? read[columns.identifier] : read.find((c) => c.identifier || c.lostDigits);
  const found = idCell?.identifier ?? null;
  // The name: from its column, else the first other cell with Han characters; a single cell
  // (`张三 210502…`) is the name once the identifier is taken out.
  let name = '';
  if (columns?.name != null) name = plainName(read[columns.name]?.text ?? '');
  else {
    const others = read.filter((c) => c !== idCell && plainName(c.text));
    name = others.length ? plainName(others[0]!.text) : idCell ? plainName(found ? idCell.text.replace(found.value, ' ') : idCell.text) : '';
  }
  const shown = found?.value ?? '';

  if (idCell?.lostDigits) return result(row, name, '', 'invalid', because('IdentifierLostDigits'));
  if (found && !found.valid) {
    return result(row, name, shown, 'invalid', because(found.kind === 'creditCode' ? 'CreditCodeInvalid' : 'IdNumberInvalid'));
  }
  if (!found) {
    // A phone number in its own column is not a mistyped ID; only the ID column counts once a header named it.
    const digits = columns?.identifier != null ? (idCell?.looseDigits ?? 0) : columns ? 0 : Math.max(0, ...read.map((c) => c.looseDigits));
    if (digits >= 6 || (columns?.identifier != null && idCell?.text)) {
      return result(row, name, '', 'invalid', because('IdentifierIncomplete'));
    }
    if (!name) return result(row, '', '', 'invalid', because('NothingToCheck'));
    const namesakes = index.byName.get(name) ?? [];
    if (namesakes.length) return result(row, name, '', 'review', because('NamesakesWithoutIdentifier', { count: namesakes.length }), namesakes);
    return result(row, name, '', 'clear', because('NameNotListed'));
  }

  const isOrg = found.kind === 'creditCode';
  const what = isOrg ? '统一社会信用代码' : found.kind === 'maskedId' ? '脱敏身份证号码' : '身份证号码（已脱敏部分）';
  const label = isOrg ? '名称' : '姓名';
  const candidates = index.byIdentifier.get(found.value) ?? [];
  const sameName = name ? candidates.filter((e) => plainName(e.name) === name) : [];
  if (sameName.length) return result(row, name, shown, 'listed', because('NameAndIdentifierListed', { label, what }), sameName);
  if (candidates.length) {
    if (isOrg && !name) return result(row, name, shown, 'listed', because('CreditCodeListed', { what, listed: names(candidates) }), candidates);
    if (!name) return result(row, name, shown, 'review', because('IdentifierListedWithoutName', { what, listed: names(candidates) }), candidates);
    return result(row, name, shown, 'review', because('IdentifierListedOtherName', { what, label, listed: names(candidates) }), candidates);
  }
  const namesakes = name ? index.byName.get(name) ?? [] : [];
  const unknownIds = namesakes.filter((e) => !(isOrg ? e.creditCode : e.idNumberMasked));
  if (unknownIds.length) return result(row, name, shown, 'review', because('NamesakesIdentifierUnpublished', { what: isOrg ? '统一社会信用代码' : '身份证号码' }), unknownIds);
  if (namesakes.length) return result(row, name, shown, 'clear', because('NamesakesOtherIdentifier', { what, party: isOrg ? '单位' : '人' }));
  return result(row, name, shown, 'clear', because('IdentifierNotListed', { what }));
}

/**
 * Checks every row of a table (an uploaded file's rows, or the pasted lines split into cells).
 * The first non-empty row is a header when it only holds column labels; its columns are then
 * used for every row.
 */
export function checkRows(rows: readonly (readonly Cell[])[], index: CheckIndex): CheckReport {
  const counts: Record<Verdict, number> = { listed: 0, clear: 0, review: 0, invalid: 0 };
  const results: CheckResult[] = [];
  let headerRow: number | null = null;
  let columns: Columns | null = null;
  let seenData = false;
  for (const [i, cells] of rows.entries()) {
    if (!seenData && headerRow === null) {
      const labels = cells.map((c) => (typeof c === 'string' ? c : ''));
      const header = headerColumns(labels);
      if (header) {
        headerRow = i + 1;
        columns = header;
        continue;
      }
      // A typed `姓名 身份证号码` line: a header, but the data lines below are one cell each.
      if (labels.length === 1 && headerColumns(labels[0]!.trim().split(/\s+/))) {
        headerRow = i + 1;
        continue;
      }
    }
    const checked = checkRow(cells, i + 1, index, columns);
    if (!checked) continue;
    seenData = true;
    counts[checked.verdict]++;
    results.push(checked);
  }
  return { results, headerRow, counts };
}

/** One pasted line, checked on its own; null for an empty line. */
export function checkLine(line: string, lineNumber: number, index: CheckIndex): CheckResult | null {
  return checkRow(splitPastedLine(line), lineNumber, index);
}

/** Pasted text as rows of cells, one a line. */
export function pastedRows(text: string): string[][] {
  return text.split(/\r\n|\r|\n/).map(splitPastedLine);
}

export const EXPORT_HEADER = ['行号', '姓名/名称', '证件号码（已脱敏）', '核查结果', '原因', '名单记录'] as const;

/** The results as export rows, header first: masked identifiers only, every cell safe to open. */
export function exportRows(results: readonly CheckResult[], entryUrl: (id: string) => string): string[][] {
  return [
    [...EXPORT_HEADER],
    ...results.map((r) => [String(r.row), r.name, r.identifier, VERDICT_LABEL[r.verdict], r.reason, r.matches.map(entryUrl).join(' ')].map(defuseFormula)),
  ];
}
