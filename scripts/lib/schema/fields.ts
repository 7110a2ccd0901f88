// Shared field parsers. Court exports arrive as CSV (every value a string) or JSON
// (typed values); each parser accepts both and normalises to one form.
import { z } from 'zod';

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

export const text = z.preprocess(blankToUndefined, z.string({ error: '必填，不能为空' }).trim().min(1, '必填，不能为空'));
export const optionalText = z.preprocess(blankToUndefined, z.string().trim().min(1).optional());

/** YYYY-MM-DD; also accepts 2018/5/3, 2018.5.3 and 2018年5月3日. */
export function parseIsoDate(value: string): string | null {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(foldWidth(value).trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
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

/** 是/否, true/false, 1/0, yes/no. */
export const yesNo = z.preprocess((value) => {
  const v = blankToUndefined(value);
  if (typeof v !== 'string') return v;
  const t = v.trim().toLowerCase();
  if (['是', 'true', '1', 'yes', 'y', '公开'].includes(t)) return true;
  if (['否', 'false', '0', 'no', 'n', '不公开'].includes(t)) return false;
  return v;
}, z.boolean({ error: '应为 是/否（true/false）' }));

/** A list given as a JSON array or as text separated by ; ； 、 , ， or |. */
export function splitList(value: unknown): unknown {
  const v = blankToUndefined(value);
  if (typeof v === 'string') return v.normalize('NFKC').split(/[;；、,，|]/).map((s) => s.trim()).filter(Boolean);
  if (typeof v === 'number') return [v];
  return v;
}
