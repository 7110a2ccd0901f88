// A publicity case (典型案例, 正面典型, 拒执犯罪 …): source document §五(四) asks for both
// warning cases and positive examples of debtors who performed.
import { z } from 'zod';
import { BEHAVIOUR_CODES, behaviourCodeOf } from '../shared/rules/behaviours.ts';
import { boundedText, isoDate, MAX_LENGTH, splitList, text, textProblem } from './fields.ts';

export const CASE_CATEGORIES = ['典型案例', '正面典型', '拒执犯罪', '联合惩戒'] as const;

export const CASE_LABELS = {
  slug: '文件名',
  title: '标题',
  date: '发布日期',
  court: '发布法院',
  category: '类别',
  summary: '摘要',
  behaviours: '涉及失信情形',
  relatedCaseNumbers: '相关案号',
  body: '正文',
} as const;

export const caseSchema = z.object({
  /** From the Markdown file name; the case's permalink. */
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, '文件名只能包含小写字母、数字和 -'),
  /** Headline. ≤ 200 characters, one line, as court. */
  title: text,
  /** Publication date of the case. */
  date: isoDate,
  /** The court that released it. */
  court: text,
  /** 典型案例 | 正面典型 | 拒执犯罪 | 联合惩戒. */
  category: z.enum(CASE_CATEGORIES, { error: `应为 ${CASE_CATEGORIES.join('、')} 之一` }),
  /** One or two sentences for lists and feeds. ≤ 2000 characters. */
  summary: boundedText(MAX_LENGTH.freeText, { freeText: true }),
  /** Behaviours of 若干规定 Art. 1 the case illustrates (may be empty for 正面典型). */
  behaviours: z.preprocess(splitList, z.array(z.unknown()).default([])).transform((values, ctx) => {
    const codes = values.map(behaviourCodeOf);
    if (codes.some((c) => c === null)) {
      ctx.addIssue({ code: 'custom', message: '失信情形代码应为 1–6' });
      return z.NEVER;
    }
    return BEHAVIOUR_CODES.filter((c) => codes.includes(c));
  }),
  /** 执行案号 the case concerns, as published. */
  relatedCaseNumbers: z.preprocess(splitList, z.array(boundedText(MAX_LENGTH.id)).default([])),
  /** Markdown body, ≤ 100,000 characters, no control characters but tab and line breaks. */
  body: z.string().superRefine((value, ctx) => {
    const problem = textProblem(value, MAX_LENGTH.body, true);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

export type PublicityCase = z.output<typeof caseSchema>;
