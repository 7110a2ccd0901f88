// Problems found while reading court data, printed for the operator at the credit office:
// what happened (worded by the catalogue, problems.ts), where (file, line, record, field with
// its Chinese label), and what to do.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DIGIT_SEPARATOR, maskIdNumber } from './shared/rules/id-number.ts';
import { DELISTING_DEADLINE_WORKING_DAYS, workingDaysBetween } from './rules/working-days.ts';
import type { Decision } from './schema/decision.ts';
import type { Problem } from './problems.ts';
import { refusal, type RefusalCode } from './refusals.ts';

// A Problem is made by the catalogue of its wording (problems.ts), which says what each code means.
export type { Problem } from './problems.ts';

/**
 * Thrown when a decision file cannot be read in full: we cannot know which entries it took
 * down, so nothing may be published. Every caller of the reader stops; the build turns it into
 * a BuildFailure after printing `problems` (all marked fatal). Its message is a refusal
 * (refusals.ts DecisionsUnreadable): it is about the publication as a whole, not one file.
 */
export class UnreadableDecisionsError extends Error {
  readonly problems: Problem[];
  readonly code = 'DecisionsUnreadable' satisfies RefusalCode;
  constructor(problems: Problem[]) {
    super(refusal('DecisionsUnreadable', { files: problems.length }).message);
    this.problems = problems;
  }
}

const DIGIT = '[0-9\\uFF10-\\uFF19]';
/**
 * What a reader skips between digit groups (the privacy check's set, shared/rules/id-number.ts), in
 * their full-width forms too (a log line is not NFKC-normalised), and invisible characters.
 */
const LOG_DIGIT_SEPARATOR = `(?:${DIGIT_SEPARATOR}|[\\uFF0D\\uFF0E\\uFF0F\\uFF3F\\p{Cf}])`;
const DIGIT_RUN = new RegExp(`(?<!${DIGIT})${DIGIT}(?:${LOG_DIGIT_SEPARATOR}{0,3}${DIGIT})*(?:${LOG_DIGIT_SEPARATOR}{0,3}[XxＸｘ])?`, 'gu');

/**
 * Masks every ID-like number in a text meant for a log: 17 digits and a check character, also
 * when spread with spaces, hyphens or invisible characters or written in full-width digits, in
 * the published form 3423011964****3224. A longer run of digits keeps only its first 6 and last 4.
 */
export function maskIdNumbersIn(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    const digits = run.normalize('NFKC').replace(/[^0-9Xx]/g, '').toUpperCase();
    if (digits.length < 18 || digits.slice(0, 17).includes('X')) return run;
    return digits.length === 18 ? maskIdNumber(digits) : `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
  });
}

const TERMINAL_UNSAFE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const MAX_ECHO = 500;

/**
 * What may be printed of a text that may hold court data: control characters (escape sequences,
 * NUL, line breaks, bidi overrides) shown as \uXXXX, ID numbers masked, clipped to a readable length.
 */
export function terminalSafe(text: string): string {
  const masked = maskIdNumbersIn(text);
  return escapeControls(masked.length > MAX_ECHO ? `${masked.slice(0, MAX_ECHO)}…（已截断，共 ${masked.length} 字）` : masked);
}

/** Control characters shown as \uXXXX, nothing else changed: for our own paths (a release stamp is a long digit run). */
function escapeControls(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

export function formatProblem(problem: Problem, root = process.cwd()): string {
  const file = terminalSafe(path.relative(root, problem.file) || problem.file);
  const where = [
    problem.line === undefined ? file : problem.lineKind === 'item' ? `${file} 第 ${problem.line} 条` : `${file}:${problem.line}`,
    problem.recordId ? `记录 ${terminalSafe(problem.recordId)}` : null,
    problem.field ? `字段 ${terminalSafe(problem.field)}${problem.fieldLabel ? `（${problem.fieldLabel}）` : ''}` : null,
  ].filter(Boolean);
  const mark = problem.severity === 'error' ? '✖' : '⚠';
  return [`${mark} ${where.join(' · ')}`, `  ${terminalSafe(problem.message)}`, problem.action ? `  → ${terminalSafe(problem.action)}` : null]
    .filter(Boolean)
    .join('\n');
}

/** Problems printed in full per file before the rest are counted by field and reason. */
const PROBLEMS_IN_FULL_PER_FILE = 20;

export interface PrintProblemsOptions {
  /** Where the whole report is written (every problem in full); the console says where. */
  reportFile?: string;
  /** Paths in messages are relative to this folder. */
  root?: string;
  perFile?: number;
  write?: (text: string) => void;
}

/** A problem's reason without the values it quotes, so that 10,000 bad dates count as one reason. */
function reasonOf(problem: Problem): string {
  const reason = problem.message.replace(/“[^”]*”/g, '“…”').replace(/\d+/g, 'N');
  return reason.length > 80 ? `${reason.slice(0, 80)}…` : reason;
}

/**
 * Prints problems for the operator: fatal ones first, then per file the first `perFile` in full
 * and the rest counted by field and reason. The whole report goes to `reportFile`.
 */
export async function printProblems(problems: readonly Problem[], options: PrintProblemsOptions = {}): Promise<{ errors: number; warnings: number; fatal: number }> {
  const { root = process.cwd(), perFile = PROBLEMS_IN_FULL_PER_FILE, write = (text: string) => console.error(text) } = options;
  const ordered = [...problems.filter((p) => p.fatal), ...problems.filter((p) => !p.fatal)];
  const byFile = new Map<string, Problem[]>();
  for (const p of ordered) {
    const list = byFile.get(p.file);
    if (list) list.push(p);
    else byFile.set(p.file, [p]);
  }
  const shown: string[] = [];
  for (const [file, list] of byFile) {
    for (const p of list.slice(0, perFile)) shown.push(formatProblem(p, root));
    const rest = list.slice(perFile);
    if (!rest.length) continue;
    const counts = new Map<string, number>();
    for (const p of rest) {
      const key = `${p.severity === 'error' ? '✖' : '⚠'} ${p.field ? `字段 ${p.field}${p.fieldLabel ? `（${p.fieldLabel}）` : ''}` : '（文件/行）'}：${reasonOf(p)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const lines = [...counts].sort((a, b) => b[1] - a[1]).map(([key, n]) => `  ${terminalSafe(key)} × ${n}`);
    shown.push(`… ${terminalSafe(path.relative(root, file) || file)}：另有 ${rest.length} 个问题未逐条列出，按字段和原因统计：\n${lines.join('\n')}`);
  }
  for (const text of shown) write(text);
  if (options.reportFile && problems.length) {
    await mkdir(path.dirname(options.reportFile), { recursive: true });
    await writeFile(options.reportFile, ordered.map((p) => formatProblem(p, root)).join('\n\n') + '\n');
    write(`\n完整问题清单（${problems.length} 个）已写入 ${escapeControls(path.relative(root, options.reportFile))}`);
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { errors, warnings: problems.length - errors, fatal: problems.filter((p) => p.fatal).length };
}

/** A decision this publication took its entry down for, and how long that took (§四: 3 working days). */
export interface DecisionDelay {
  decisionId: string;
  entryId: string;
  decidedOn: string;
  workingDays: number;
  late: boolean;
}

/**
 * The decisions whose DEL events are among `events` (this publication's ChangeEvents), with their
 * delays as of `today`. Typed by the two fields it reads: the report sits below the change feed
 * (build-state.ts), which imports the published state, which imports this.
 */
export function decisionDelays(decisions: readonly Decision[], events: readonly { op: string; decisionId?: string }[], today: string): DecisionDelay[] {
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
