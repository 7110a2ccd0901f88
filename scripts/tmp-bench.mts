import { entriesCsv, entriesEnCsv, entriesGbkCsv, entriesXlsx } from './lib/exports.ts';
const n = Number(process.argv[2]);
const es = Array.from({ length: n }, (_, i) => ({ id: `p-${i}`, kind: i % 5 ? 'person' : 'org', name: `赵建国${i}`, gender: '男', age: 30 + (i % 40), idNumberMasked: `2105021985****${String(i % 10000).padStart(4, '0')}`, creditCode: i % 5 ? undefined : '912105020000000018', court: '本溪市平山区人民法院', district: '平山区', province: '辽宁', caseNumber: `(2025)辽0502执${i}号`, filedOn: '2025-01-02', basisDocNumber: `(2024)辽0502民初${i}号`, basisIssuer: '本溪市平山区人民法院', obligation: '偿还借款本金100000元及利息', performance: '全部未履行', behaviours: [1, 4], publishedOn: '2025-03-01', listingEndsOn: '2027-03-01' })) as any;
for (const [name, f] of [['csv', () => entriesCsv(es)], ['en', () => entriesEnCsv(es)], ['gbk', () => entriesGbkCsv(es)], ['xlsx', () => entriesXlsx(es, '2026-12-01')]] as const) {
  const t = performance.now(); const out = await (f as () => unknown)(); console.log(name, Math.round(performance.now() - t), 'ms', (out as { length: number }).length, 'bytes/chars');
}
console.log('rss MB', Math.round(process.memoryUsage().rss / 1e6));
