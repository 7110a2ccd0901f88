// Shared field parsers. Court exports arrive as CSV (every value a string) or JSON
// (typed values); each parser accepts both and normalises to one form.
import { z } from 'zod';
import { withoutInvisible } from '../shared/invisible.ts';
import { isoDateOf } from '../shared/dates.ts';

/** Empty cells mean "not given", never an empty value. */
export function blankToUndefined(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
}

/** Full-width digits and punctuation, as government spreadsheets often contain, folded to ASCII. */
export function foldWidth(text: string): string {
  return text.normalize('NFKC');
}

/**
 * Characters that make no sense in a court record and can hide or disguise text on a screen or a
 * terminal: C0 controls, DEL, C1 controls and the bidi embeddings/overrides/isolates. Free text
 * (obligation, a case body) may keep tab and line breaks.
 */
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const CONTROL_IN_FREE_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** Limits, in characters, on what a court may send; generous for real records, fatal for a 50 MB cell. */
export const MAX_LENGTH = {
  /** Record and decision ids: the permalink. */
  id: 64,
  /** Names of persons, organisations, legal representatives. */
  name: 100,
  /** Courts, issuers, places, document numbers: one line. */
  line: 200,
  /** Free text: obligation, performed / unperformed part, a case summary. */
  freeText: 2000,
  /** A case's Markdown body. */
  body: 100_000,
} as const;

/** Why a string may not be stored, or null: too long, or holding a control or bidi character. */
export function textProblem(value: string, max: number, freeText = false): string | null {
  if (value.length > max) return `超过 ${max} 字的上限（共 ${value.length} 字），请核对是否误粘贴了其他内容`;
  const control = (freeText ? CONTROL_IN_FREE_TEXT : CONTROL_IN_LINE).exec(value);
  if (control) {
    const code = `\\u${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return `第 ${control.index + 1} 个字符是不允许的控制字符 ${code}（NUL、转义符、换行或文字方向控制符等），请删除后重新提交`;
  }
  return null;
}

/** A required string of at most `max` characters, without control characters. */
export function boundedText(max: number, { freeText = false } = {}) {
  return z.preprocess(
    blankToUndefined,
    z
      .string({ error: '必填，不能为空' })
      .trim()
      .min(1, '必填，不能为空')
      .superRefine((value, ctx) => {
        const problem = textProblem(value, max, freeText);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, abort: true });
      }),
  );
}

export function optionalBoundedText(max: number, options: { freeText?: boolean } = {}) {
  return z.preprocess(blankToUndefined, boundedText(max, options).optional());
}

export const text = boundedText(MAX_LENGTH.line);

/** An id as the court meant it: NFKC (full-width to ASCII), invisible characters removed, every dash a hyphen, trimmed. */
export function normaliseId(id: string): string {
  return withoutInvisible(id.normalize('NFKC')).replace(/[\u2010-\u2015\u2212]/g, '-').trim();
}

/** The key two ids are compared by: ids that differ only in case, width or invisible characters are one id. */
export function idKey(id: string): string {
  return normaliseId(id).toLowerCase();
}

/** A required id: letters, digits, - and _, at most 64 characters, after normaliseId. */
export function idField(pattern = /^[A-Za-z0-9][A-Za-z0-9_-]*$/, patternMessage = '只能包含字母、数字、- 和 _') {
  return z.preprocess(
    (v) => {
      const given = blankToUndefined(v);
      return typeof given === 'string' || typeof given === 'number' ? normaliseId(String(given)) || undefined : given;
    },
    z.string({ error: '必填，不能为空' }).superRefine((value, ctx) => {
      const problem = textProblem(value, MAX_LENGTH.id) ?? (pattern.test(value) ? null : `${patternMessage}（最长 ${MAX_LENGTH.id} 位）`);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  );
}

/** YYYY-MM-DD; also accepts 2018/5/3, 2018.5.3 and 2018年5月3日. */
export function parseIsoDate(value: string): string | null {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(foldWidth(value).trim());
  if (!match) return null;
  return isoDateOf(Number(match[1]), Number(match[2]), Number(match[3]));
}

export const isoDate = z.preprocess(
  blankToUndefined,
  z
    .string({ error: '必填，日期格式为 YYYY-MM-DD' })
    .transform((value, ctx) => {
      const parsed = parseIsoDate(value);
      if (parsed === null) {
        ctx.addIssue({ code: 'custom', message: `“${value}”不是有效日期，请使用 YYYY-MM-DD 格式` });
        return z.NEVER;
      }
      return parsed;
    }),
);
export const optionalIsoDate = z.preprocess(blankToUndefined, isoDate.optional());

const YES = new Set(['是', 'true', '1', 'yes', 'y', '公开']);
const NO = new Set(['否', 'false', '0', 'no', 'n', '不公开']);

/** 是/否, 公开/不公开, true/false, 1/0, Y/N, yes/no (any width and case); anything else is an error. */
export const yesNo = z.preprocess((value) => {
  const v = blankToUndefined(value);
  if (v === 1 || v === 0) return v === 1;
  if (typeof v !== 'string') return v;
  const t = normaliseId(v).toLowerCase();
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return v;
}, z.boolean({ error: '应为 是/否（公开/不公开、true/false、1/0、Y/N）' }));

/** A list given as a JSON array or as text separated by ; ； 、 , ， or |. */
export function splitList(value: unknown): unknown {
  const v = blankToUndefined(value);
  if (typeof v === 'string') return v.normalize('NFKC').split(/[;；、,，|]/).map((s) => s.trim()).filter(Boolean);
  if (typeof v === 'number') return [v];
  return v;
}
