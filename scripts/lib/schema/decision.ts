// A court's decision that takes an entry off public view: 屏蔽 (mask), 撤销 (revoke), 删除 (delete).
// 若干规定 Art. 9–10; source document §四(二)–(三).
import { z } from 'zod';
import { DECISION_TYPES, DELISTING_GROUNDS, delistingGroundOf, typeFitsGround } from '../rules/delisting-grounds.ts';
import { blankToUndefined, idField, isoDate, text } from './fields.ts';

export const DECISION_LABELS = {
  id: '决定编号',
  entryId: '名单记录编号',
  type: '决定类型',
  decidedOn: '决定日期',
  court: '作出决定的法院',
  docNumber: '决定书文号',
  reason: '事由',
} as const;

export const decisionInputSchema = z
  .object({
    /** Stable, unique id of the decision: ≤ 64 letters, digits, - and _ after normaliseId. */
    id: idField(),
    /**
     * The `id` of the entry the decision takes off the list, normalised as entry ids are (NFKC,
     * no zero-width characters): match it with idKey, never by exact string.
     */
    entryId: idField(/^[^\s]+$/, '不能包含空格'),
    /** 屏蔽 | 撤销 | 删除 (若干规定 Art. 9–10; source document §四(二)). */
    type: z.preprocess(blankToUndefined, z.enum(DECISION_TYPES, { error: '应为 屏蔽、撤销 或 删除' })),
    /** The day the court decided; the entry must leave public view within 3 working days. */
    decidedOn: isoDate,
    /** The court that made the decision. ≤ 200 characters, one line, as docNumber and reason. */
    court: text,
    /** 决定书文号 of the decision document. */
    docNumber: text,
    /** The lawful ground (若干规定 Art. 9/10), by code or Chinese label; see rules/delisting-grounds.ts. */
    reason: text.transform((value, ctx) => {
      const ground = delistingGroundOf(value);
      if (!ground) {
        ctx.addIssue({ code: 'custom', message: `“${value}”不是法定事由，可用：${Object.entries(DELISTING_GROUNDS).map(([code, g]) => `${code}（${g.label}）`).join('、')}` });
        return z.NEVER;
      }
      return ground;
    }),
  })
  .superRefine((decision, ctx) => {
    if (!typeFitsGround(decision.type, decision.reason)) {
      const ground = DELISTING_GROUNDS[decision.reason];
      ctx.addIssue({ code: 'custom', path: ['type'], message: `事由“${ground.label}”对应的决定类型应为 ${ground.types.join('/')}（${ground.basis}）` });
    }
  });

export type Decision = z.output<typeof decisionInputSchema>;
