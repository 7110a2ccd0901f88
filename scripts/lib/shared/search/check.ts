// Bulk checking for departments and banks (source document: 自动比对、自动拦截): one person or
// organisation a line, matched against the published list in the browser. A full ID number is
// masked here exactly as the list publishes it and never leaves the page.
import { hanCharacters } from './normalise.ts';
import { readTypedText } from './query.ts';

export interface CheckableEntry {
  id: string;
  name: string;
  idNumberMasked?: string;
  creditCode?: string;
}

export interface CheckResult {
  line: number;
  input: string;
  /** listed: name and identifier both match; identifierOnly: the identifier matches a different name; clear: no match; invalid: nothing to check. */
  verdict: 'listed' | 'identifierOnly' | 'clear' | 'invalid';
  matches: string[];
  message: string;
}

const plainName = (name: string) => hanCharacters(name).join('') || name.trim();

export function buildCheckIndex(entries: readonly CheckableEntry[]): Map<string, CheckableEntry[]> {
  const index = new Map<string, CheckableEntry[]>();
  for (const entry of entries) {
    for (const key of [entry.idNumberMasked, entry.creditCode]) {
      if (!key) continue;
      const list = index.get(key) ?? [];
      list.push(entry);
      index.set(key, list);
    }
  }
  return index;
}

const MASKED_ID = /(?<!\d)\d{10}\*{4}\d{3}[\dX](?![\dA-Za-z])/;

export function checkLine(line: string, lineNumber: number, index: Map<string, CheckableEntry[]>): CheckResult | null {
  // The same reading as the search box: an ID with spaces, hyphens, full-width digits or
  // letters stuck to it is masked here, and a credit code is never taken for an ID.
  const typed = readTypedText(line);
  const text = typed.text.trim();
  if (!text) return null;
  const found = typed.identifiers[0];
  let key: string | null = null;
  let shown = '';
  if (found?.kind === 'idNumber') {
    if (!found.valid) return { line: lineNumber, input: found.masked, verdict: 'invalid', matches: [], message: '身份证号码无效（校验位或出生日期不符）' };
    key = shown = found.masked;
  } else if (found?.kind === 'creditCode') {
    if (!found.valid) return { line: lineNumber, input: found.code, verdict: 'invalid', matches: [], message: '统一社会信用代码无效' };
    key = shown = found.code;
  } else {
    // A masked ID as the list shows it checks the same as the full number.
    const masked = MASKED_ID.exec(text.toUpperCase())?.[0];
    if (masked) key = shown = masked;
  }
  const rest = key ? text.replace(new RegExp(key.replace(/\*/g, '\\*'), 'i'), ' ') : text;
  const name = plainName(rest.replace(/[,，;；\t]/g, ' '));
  const input = [name, shown].filter(Boolean).join(' ');
  if (!key) return { line: lineNumber, input: name, verdict: 'invalid', matches: [], message: '需要完整 18 位身份证号码或统一社会信用代码（只凭姓名无法区分同名者）' };
  const candidates = index.get(key) ?? [];
  const named = name ? candidates.filter((e) => plainName(e.name) === name) : candidates;
  if (named.length) return { line: lineNumber, input, verdict: 'listed', matches: named.map((e) => e.id), message: '在失信被执行人名单中' };
  if (candidates.length) return { line: lineNumber, input, verdict: 'identifierOnly', matches: candidates.map((e) => e.id), message: '证件号（已脱敏部分）与名单记录相同但姓名不同，请人工核对' };
  return { line: lineNumber, input, verdict: 'clear', matches: [], message: '不在当前公开名单中' };
}
