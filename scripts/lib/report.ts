// Problems found while reading court data, worded for the operator at the credit office:
// what happened, where (file, line, record, field with its Chinese label), and what to do.
import path from 'node:path';
import type { ChangeEvent } from './build-state.ts';
import { DELISTING_DEADLINE_WORKING_DAYS, workingDaysBetween } from './rules/working-days.ts';
import type { Decision } from './schema/decision.ts';

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

/** A decision this publication took its entry down for, and how long that took (§四: 3 working days). */
export interface DecisionDelay {
  decisionId: string;
  entryId: string;
  decidedOn: string;
  workingDays: number;
  late: boolean;
}

/** The decisions whose DEL events are among `events` (this publication's), with their delays as of `today`. */
export function decisionDelays(decisions: readonly Decision[], events: readonly ChangeEvent[], today: string): DecisionDelay[] {
  const takenDownNow = new Set(events.filter((e) => e.op === 'DEL' && e.decisionId).map((e) => e.decisionId));
  return decisions
    .filter((d) => takenDownNow.has(d.id))
    .map((d) => {
      const workingDays = workingDaysBetween(d.decidedOn, today);
      return { decisionId: d.id, entryId: d.entryId, decidedOn: d.decidedOn, workingDays, late: workingDays > DELISTING_DEADLINE_WORKING_DAYS };
    });
}

export function formatDecisionDelay(d: DecisionDelay): string {
  const flag = d.late ? ` ⚠ 超过 ${DELISTING_DEADLINE_WORKING_DAYS} 个工作日` : '';
  return `决定 ${d.decisionId}（记录 ${d.entryId}）：${d.decidedOn} 作出，本次发布撤下，相隔 ${d.workingDays} 个工作日${flag}`;
}
