// The six dishonest behaviours of 若干规定 Art. 1, by their article numbers.

export const BEHAVIOURS = {
  1: '有履行能力而拒不履行生效法律文书确定义务',
  2: '以伪造证据、暴力、威胁等方法妨碍、抗拒执行',
  3: '以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行',
  4: '违反财产报告制度',
  5: '违反限制消费令',
  6: '无正当理由拒不履行执行和解协议',
} as const;

export type BehaviourCode = keyof typeof BEHAVIOURS;
export const BEHAVIOUR_CODES = [1, 2, 3, 4, 5, 6] as const satisfies readonly BehaviourCode[];

/** Short labels for filters and result cards. */
export const BEHAVIOUR_SHORT: Record<BehaviourCode, string> = {
  1: '有能力拒不履行',
  2: '妨碍抗拒执行',
  3: '规避执行',
  4: '违反财产报告',
  5: '违反限制消费令',
  6: '拒不履行和解协议',
};

/** Accepts a code (1–6, as number or string) or the full Chinese label. */
export function behaviourCodeOf(value: unknown): BehaviourCode | null {
  const n = typeof value === 'number' ? value : Number(String(value).normalize('NFKC').trim());
  if (Number.isInteger(n) && n >= 1 && n <= 6) return n as BehaviourCode;
  const text = String(value).trim();
  for (const code of BEHAVIOUR_CODES) {
    if (BEHAVIOURS[code] === text || BEHAVIOUR_SHORT[code] === text) return code;
  }
  return null;
}
