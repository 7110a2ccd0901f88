// Bulk checking for departments and banks (source document: 自动比对、自动拦截): one person or
// organisation a line, matched against the published list in the browser. A full ID number is
// masked here exactly as the list publishes it and never leaves the page.
import { creditCodeProblem, normaliseCreditCode } from '../rules/credit-code.ts';
import { idNumberProblem, maskIdNumber, normaliseIdNumber } from '../rules/id-number.ts';
import { hanCharacters } from './normalise.ts';

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

export function checkLine(line: string, lineNumber: number, index: Map<string, CheckableEntry[]>): CheckResult | null {
  const text = line.normalize('NFKC').trim();
  if (!text) return null;
  const idMatch = /(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])/.exec(text);
  const codeMatch = /(?<![0-9A-Za-z])([0-9A-Za-z]{18})(?![0-9A-Za-z])/.exec(text);
  let key: string | null = null;
  let shown = '';
  if (idMatch) {
    const id = normaliseIdNumber(idMatch[1]!);
    if (idNumberProblem(id)) return { line: lineNumber, input: maskIdNumber(id), verdict: 'invalid', matches: [], message: '身份证号码无效（校验位或出生日期不符）' };
    key = maskIdNumber(id);
    shown = key;
  } else if (codeMatch && /[A-Za-z]/.test(codeMatch[1]!)) {
    const code = normaliseCreditCode(codeMatch[1]!);
    if (creditCodeProblem(code)) return { line: lineNumber, input: code, verdict: 'invalid', matches: [], message: '统一社会信用代码无效' };
    key = code;
    shown = code;
  }
  const name = plainName(text.replace(idMatch?.[1] ?? codeMatch?.[1] ?? '', '').replace(/[,，;；\t]/g, ' '));
  const input = [name, shown].filter(Boolean).join(' ');
  if (!key) return { line: lineNumber, input, verdict: 'invalid', matches: [], message: '需要完整 18 位身份证号码或统一社会信用代码（只凭姓名无法区分同名者）' };
  const candidates = index.get(key) ?? [];
  const named = name ? candidates.filter((e) => plainName(e.name) === name) : candidates;
  if (named.length) return { line: lineNumber, input, verdict: 'listed', matches: named.map((e) => e.id), message: '在失信被执行人名单中' };
  if (candidates.length) return { line: lineNumber, input, verdict: 'identifierOnly', matches: candidates.map((e) => e.id), message: '证件号（已脱敏部分）与名单记录相同但姓名不同，请人工核对' };
  return { line: lineNumber, input, verdict: 'clear', matches: [], message: '不在当前公开名单中' };
}
