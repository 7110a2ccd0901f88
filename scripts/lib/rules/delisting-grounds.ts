// Why an entry leaves the list, and which decision type fits each ground.
// 若干规定 Art. 9 (wrongful listing → 撤销) and Art. 10 (deletion grounds → 删除/屏蔽);
// the source document §四(二) lets the court mask or revoke (屏蔽或撤销) once obligations
// are performed, settled, secured with the creditor's consent, or the case is terminated.

export const DECISION_TYPES = ['屏蔽', '撤销', '删除'] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

export const DELISTING_GROUNDS = {
  wrongful: { label: '不应纳入失信名单（错误纳入）', basis: '若干规定第九条', types: ['撤销'] },
  performed: { label: '已履行全部义务', basis: '若干规定第十条第一款第（一）项；本委办发〔2018〕67号 四（二）', types: ['屏蔽', '撤销', '删除'] },
  settlement: { label: '执行和解协议已履行完毕', basis: '若干规定第十条第一款第（二）项；本委办发〔2018〕67号 四（二）', types: ['屏蔽', '撤销', '删除'] },
  secured: { label: '提供有效担保并经申请执行人同意', basis: '本委办发〔2018〕67号 四（二）', types: ['屏蔽', '撤销'] },
  creditorApplication: { label: '申请执行人书面申请删除，人民法院审查同意', basis: '若干规定第十条第一款第（三）项', types: ['删除', '屏蔽'] },
  noProperty: { label: '终结本次执行程序后，两次财产调查未发现可供执行财产且申请执行人未提供线索', basis: '若干规定第十条第一款第（四）项', types: ['删除', '屏蔽'] },
  suspended: { label: '因审判监督或破产程序中止执行', basis: '若干规定第十条第一款第（五）项', types: ['删除', '屏蔽'] },
  refused: { label: '人民法院依法裁定不予执行', basis: '若干规定第十条第一款第（六）项', types: ['删除', '屏蔽'] },
  terminated: { label: '人民法院依法裁定终结执行', basis: '若干规定第十条第一款第（七）项；本委办发〔2018〕67号 四（二）', types: ['删除', '屏蔽', '撤销'] },
  periodEnded: { label: '失信期限届满', basis: '若干规定第十条第二款', types: ['删除', '屏蔽'] },
} as const satisfies Record<string, { label: string; basis: string; types: readonly DecisionType[] }>;

export type DelistingGround = keyof typeof DELISTING_GROUNDS;
export const DELISTING_GROUND_CODES = Object.keys(DELISTING_GROUNDS) as DelistingGround[];

/** Accepts the ground's code or its Chinese label. */
export function delistingGroundOf(value: string): DelistingGround | null {
  const text = value.trim();
  if (text in DELISTING_GROUNDS) return text as DelistingGround;
  return DELISTING_GROUND_CODES.find((code) => DELISTING_GROUNDS[code].label === text) ?? null;
}

export function typeFitsGround(type: DecisionType, ground: DelistingGround): boolean {
  return (DELISTING_GROUNDS[ground].types as readonly DecisionType[]).includes(type);
}
