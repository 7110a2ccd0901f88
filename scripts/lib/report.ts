// Problems found while reading court data, worded for the operator at the credit office:
// what happened, where (file, line, record, field with its Chinese label), and what to do.
import path from 'node:path';

export interface Problem {
  severity: 'error' | 'warning';
  file: string;
  line?: number;
  lineKind?: 'line' | 'item';
  recordId?: string;
  field?: string;
  fieldLabel?: string;
  message: string;
  /** What happens to the record and what the operator should do. */
  action?: string;
}

export function formatProblem(problem: Problem, root = process.cwd()): string {
  const file = path.relative(root, problem.file) || problem.file;
  const where = [
    problem.line === undefined ? file : problem.lineKind === 'item' ? `${file} 第 ${problem.line} 条` : `${file}:${problem.line}`,
    problem.recordId ? `记录 ${problem.recordId}` : null,
    problem.field ? `字段 ${problem.field}${problem.fieldLabel ? `（${problem.fieldLabel}）` : ''}` : null,
  ].filter(Boolean);
  const mark = problem.severity === 'error' ? '✖' : '⚠';
  return [`${mark} ${where.join(' · ')}`, `  ${problem.message}`, problem.action ? `  → ${problem.action}` : null]
    .filter(Boolean)
    .join('\n');
}

export const WITHHELD_ACTION = '该记录暂缓公开，其余记录照常发布。请核对原始文书后修正并重新提交。';
