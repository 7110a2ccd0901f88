// How the site writes a count: 86,667, grouped in thousands as zh-CN writes numbers. Besides
// reading better, the comma ends a run of digits, so counts printed side by side (a chart's
// labels, a column of a table) never read as one long number (see stats.ts statCell).
const COUNT = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return COUNT.format(n);
}
