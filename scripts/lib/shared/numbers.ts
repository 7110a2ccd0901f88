// How /stats/ writes a count: 86,667, grouped in thousands as zh-CN writes numbers, easier to
// compare down a column than 86667. (What keeps counts side by side from reading as one number
// is not this: see stats.ts statCell and reader-text.ts NUMBER_GROUP.)
const COUNT = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return COUNT.format(n);
}
