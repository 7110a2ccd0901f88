// /stats/ figures (scripts/lib/stats.ts) from small hand-made ledgers whose answers are known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChangeEvent } from '../../scripts/lib/build-state.ts';
import type { PublishedEntry } from '../../scripts/lib/publish-state.ts';
import { delayStats, departureEvents, monthlyChanges, percentile, removalDelays, removalsBy, siteStats, statTableCsv, statTables } from '../../scripts/lib/stats.ts';

const PINGSHAN = '本溪市平山区人民法院';
const XIHU = '本溪市溪湖区人民法院';

let seq = 0;
function event(op: ChangeEvent['op'], entryId: string, date: string, extra: Partial<ChangeEvent> = {}): ChangeEvent {
  return { seq: ++seq, op, entryId, caseNumber: `(2025)辽0502执${entryId.slice(2)}号`, court: PINGSHAN, date, recordedAt: `${date}T02:00:00.000Z`, ...extra };
}
const add = (id: string, date: string, recordedAt = `${date}T02:00:00.000Z`) => event('ADD', id, date, { recordedAt, hash: 'h' });
const del = (id: string, date: string, recordedAt: string, extra: Partial<ChangeEvent> = {}) => event('DEL', id, date, { recordedAt, ...extra });
const decided = (id: string, date: string, recordedAt: string, type: '屏蔽' | '撤销' | '删除' = '屏蔽', reason: ChangeEvent['reason'] = 'performed') =>
  del(id, date, recordedAt, { type, reason, decisionId: `dc-${id}`, docNumber: `(2026)辽0502执异${id}号` });

test('the median and 90th percentile are nearest-rank: always a value that occurred', () => {
  assert.equal(percentile([], 50), null);
  assert.equal(percentile([5], 90), 5);
  assert.equal(percentile([4, 1, 3, 2], 50), 2, 'half of the four took at most 2');
  assert.equal(percentile([4, 1, 3, 2], 90), 4);
  assert.equal(percentile([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 90), 8, 'nine of ten took at most 8');
  assert.equal(percentile([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 50), 4);
  assert.equal(percentile([1, 2, 3, 4, 5, 6], 90), 6, 'five of six is not 90 %');
  assert.equal(percentile([1, 1, 1, 1, 1, 1, 1, 1, 1, 30], 90), 1, 'one slow removal in ten does not move the 90th percentile');
});

test('additions and removals are counted per month, every month between listed, an entry back after a data problem not added twice', () => {
  const ledger = [
    add('p-1', '2025-01-10'),
    add('p-2', '2025-01-20'),
    add('p-3', '2025-03-05'),
    event('MOD', 'p-1', '2025-03-06', { hash: 'h2' }),
    del('p-3', '2025-03-07', '2025-03-07T02:00:00.000Z', { type: '暂停公开' }),
    add('p-3', '2025-03-05', '2025-03-09T02:00:00.000Z'),
    decided('p-1', '2025-04-01', '2025-04-02T02:00:00.000Z'),
    del('p-2', '2025-04-11', '2025-04-11T02:00:00.000Z', { type: '期满' }),
  ];
  assert.deepEqual(monthlyChanges(ledger), [
    { month: '2025-01', added: 2, removed: 0 },
    { month: '2025-02', added: 0, removed: 0 },
    { month: '2025-03', added: 1, removed: 0 },
    { month: '2025-04', added: 0, removed: 2 },
  ]);
  assert.deepEqual(monthlyChanges([]), []);
});

test('removals are counted by type, all four types listed, and by the lawful ground of each decision; 暂停公开 is not a removal', () => {
  const ledger = [
    decided('p-1', '2025-04-01', '2025-04-02T02:00:00.000Z', '屏蔽', 'performed'),
    decided('p-2', '2025-04-01', '2025-04-02T02:00:00.000Z', '撤销', 'wrongful'),
    decided('p-3', '2025-04-02', '2025-04-03T02:00:00.000Z', '删除', 'performed'),
    del('p-4', '2025-04-11', '2025-04-11T02:00:00.000Z', { type: '期满' }),
    del('p-5', '2025-04-11', '2025-04-11T02:00:00.000Z', { type: '暂停公开' }),
  ];
  const removals = removalsBy(ledger);
  assert.equal(removals.total, 4);
  assert.deepEqual(removals.byType, [{ label: '屏蔽', count: 1 }, { label: '撤销', count: 1 }, { label: '删除', count: 1 }, { label: '期满', count: 1 }]);
  assert.deepEqual(removals.byGround, [{ label: '已履行全部义务', count: 2 }, { label: '不应纳入失信名单（错误纳入）', count: 1 }]);
  assert.deepEqual(departureEvents(ledger).map((e) => e.entryId), ['p-1', 'p-2', 'p-3', 'p-4']);
});

test('the delay runs in working days from the decision to the day in China the site took the entry down, holidays skipped', () => {
  const ledger = [
    add('p-1', '2025-09-01'),
    add('p-2', '2025-09-01'),
    add('p-3', '2025-09-01'),
    // Tuesday 30 September; 1–8 October is the 国庆 holiday: Thursday 9 October is the first working day.
    decided('p-1', '2025-09-30', '2025-10-09T03:00:00.000Z'),
    // Friday; 18:00 UTC on Sunday is 02:00 Monday in Beijing: one working day, not none.
    decided('p-2', '2025-09-12', '2025-09-14T18:00:00.000Z'),
    // Same day.
    decided('p-3', '2025-09-12', '2025-09-12T09:00:00.000Z'),
  ];
  assert.deepEqual(removalDelays(ledger), [1, 1, 0]);
});

test('the delay counts only entries the site had shown, and never an expiry: a first build measures nothing', () => {
  const firstBuild = '2026-11-26T02:00:00.000Z';
  const ledger = [
    decided('p-9', '2024-05-06', firstBuild), // decided long before this site existed
    del('p-8', '2025-01-01', firstBuild, { type: '期满' }),
    add('p-1', '2025-03-10', firstBuild),
    del('p-1', '2026-11-27', '2026-11-27T02:00:00.000Z', { type: '期满' }),
  ];
  assert.deepEqual(removalDelays(ledger), []);
  const stats = siteStats([], ledger);
  assert.deepEqual([stats.delay.count, stats.delay.median, stats.delay.p90, stats.delay.histogram], [0, null, null, []]);
});

function entry(id: string, court: string, district: string, kind: 'person' | 'org', behaviours: (1 | 2 | 3 | 4 | 5 | 6)[]): PublishedEntry {
  return { id, kind, name: `名字${id}`, court, district, province: '辽宁省', caseNumber: `(2025)辽0502执${id.slice(2)}号`, caseNumberCanonical: `2025辽0502执${id.slice(2)}`, behaviours, publishedOn: '2025-03-10' } as unknown as PublishedEntry;
}

test('the list is counted by court, district, kind and behaviour, and no figure carries a name, id or case number', () => {
  const entries = [
    entry('p-1', PINGSHAN, '平山区', 'person', [1]),
    // A behaviour named twice counts the entry once.
    entry('p-2', PINGSHAN, '平山区', 'person', [1, 5, 1]),
    entry('o-3', XIHU, '溪湖区', 'org', [4]),
  ];
  const ledger = [...entries.map((e) => add(e.id, e.publishedOn)), decided('p-1', '2025-04-01', '2025-04-02T02:00:00.000Z')];
  const stats = siteStats(entries, ledger);
  assert.deepEqual(stats.listed.byCourt, [{ label: PINGSHAN, count: 2 }, { label: XIHU, count: 1 }]);
  assert.deepEqual(stats.listed.byDistrict, [{ label: '平山区', count: 2 }, { label: '溪湖区', count: 1 }]);
  assert.deepEqual(stats.listed.byKind, [{ label: '自然人', count: 2 }, { label: '法人或其他组织', count: 1 }]);
  assert.deepEqual(stats.listed.byBehaviour.filter((b) => b.count).map((b) => `${b.label} ${b.count}`), ['有能力拒不履行 2', '违反财产报告 1', '违反限制消费令 1']);
  assert.equal(stats.listed.byBehaviour.length, 6, 'all six behaviours are listed, zeros too');
  const everything = JSON.stringify([stats, statTables(stats)]);
  for (const e of entries) for (const secret of [e.id, e.name, e.caseNumber as unknown as string, 'dc-p-1', '执异']) assert.ok(!everything.includes(secret), secret);
});

test('each table downloads as CSV with its header and exactly its rows, for Excel, with formulas defused', () => {
  const entries = [entry('p-1', PINGSHAN, '=1+1', 'person', [1]), entry('p-2', PINGSHAN, '平山区', 'person', [2])];
  const tables = statTables(siteStats(entries, entries.map((e) => add(e.id, e.publishedOn))));
  const byDistrict = tables.find((t) => t.slug === 'listed-by-district')!;
  const csv = statTableCsv(byDistrict);
  assert.ok(csv.startsWith('\uFEFF'));
  assert.deepEqual(csv.slice(1).split('\r\n'), ['区县,条数', "'=1+1,1", '平山区,1', '']);
  assert.deepEqual(tables.map((t) => t.slug), ['listed-by-court', 'listed-by-district', 'listed-by-kind', 'listed-by-behaviour', 'monthly', 'removals-by-type', 'removals-by-ground', 'removal-delay']);
});

test('the delay histogram lists every day from 0 to the longest, empty days too, and counts those within 3 working days', () => {
  const stats = delayStats([3, 0, 3, 5]);
  assert.deepEqual(stats.histogram, [{ days: 0, count: 1 }, { days: 1, count: 0 }, { days: 2, count: 0 }, { days: 3, count: 2 }, { days: 4, count: 0 }, { days: 5, count: 1 }]);
  assert.deepEqual([stats.count, stats.median, stats.p90, stats.withinDeadline, stats.deadline], [4, 3, 5, 3, 3]);
});

// ------------------------------------------------------------------ no ID number in the numbers
// /stats/ prints many counts close together. Verify reads a page as a reader does, joining digit
// groups across lines and separators, and refuses a page with anything that reads as a full ID
// number: counts that happened to line up once refused every publication for a day.
import fc from 'fast-check';
import { barChart, delayChart, monthChart } from '../../site/lib/charts.ts';
import { statCell, type Count, type SiteStats, type StatTable } from '../../scripts/lib/stats.ts';
import { readerTextOfFile } from '../../scripts/lib/reader-text.ts';
import { findReadableIdNumbers } from '../../scripts/lib/shared/rules/id-number.ts';
import { idNumber as validIdNumber } from '../fixtures/unit/records.ts';

/** A table as StatFigure.astro writes it: a row's first cell a <th>, the others <td>, through statCell. */
function tableMarkup(table: StatTable): string {
  const rows = table.rows.map((row) => `<tr>${row.map((v, i) => (i === 0 ? `<th scope="row">${statCell(table, v, i)}</th>` : `<td>${statCell(table, v, i)}</td>`)).join('')}</tr>`);
  return `<table><thead><tr>${table.columns.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The figures of /stats/ in page order, each chart beside its table, as the page draws them. */
function statsMarkup(stats: SiteStats): string {
  const tables = statTables(stats);
  const charts = (table: StatTable): string[] => {
    const text = { id: table.slug, title: table.title, description: table.title };
    if (table.slug === 'monthly') return stats.monthly.length ? [monthChart(text, stats.monthly, 'added', '纳入公开（条）'), monthChart({ ...text, id: 'm2' }, stats.monthly, 'removed', '撤下（条）')] : [];
    if (table.slug === 'removal-delay') return stats.delay.histogram.length ? [delayChart(text, stats.delay.histogram, stats.delay.deadline)] : [];
    const counts: Count[] = table.rows.map(([label, count]) => ({ label: String(label), count: Number(count) }));
    return counts.length ? [barChart(text, counts)] : [];
  };
  return tables.map((table) => `<figure>${charts(table).join('')}${tableMarkup(table)}</figure>`).join('\n');
}

/** Counts as an adversary would pick them: a valid ID number cut into groups of one to three digits, in order. */
const idCutIntoCounts = fc
  .tuple(fc.constantFrom('110105', '210502', '342301', '440305'), fc.date({ min: new Date('1940-01-01'), max: new Date('2008-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 18, maxLength: 18 }))
  .map(([area, born, sequence, cuts]) => ({ id: validIdNumber(area, born.toISOString().slice(0, 10).replaceAll('-', ''), String(sequence).padStart(3, '0')), cuts }))
  .filter(({ id }) => !id.endsWith('X'))
  .map(({ id, cuts }) => {
    const counts: number[] = [];
    // A group never starts with 0 (a count is printed without one): a 0 is a count of its own.
    for (let at = 0, i = 0; at < id.length; i++) {
      const length = id[at] === '0' ? 1 : cuts[i]!;
      counts.push(Number(id.slice(at, at + length)));
      at += length;
    }
    return counts;
  });
const someCounts = fc.oneof(idCutIntoCounts, fc.array(fc.oneof(fc.integer({ min: 0, max: 999 }), fc.nat({ max: 50_000_000 })), { maxLength: 25 }));
// Labels as real ones are (names, 2025年8月, 3 个工作日), and some that end in a digit (a court's name is data).
const labelled = (counts: number[]): Count[] => counts.map((count, i) => ({ label: i % 2 ? `第${i}${'甲乙丙丁戊己庚辛壬癸'[i % 10]}法院` : `法院${i}`, count }));

test('whatever the counts, /stats/ never shows digits that read as a full ID number: not in its charts, not in its tables', () => {
  fc.assert(
    fc.property(someCounts, someCounts, someCounts, fc.array(fc.tuple(fc.nat({ max: 5000 }), fc.nat({ max: 5000 })), { maxLength: 30 }), (courts, behaviours, histogram, months) => {
      const stats: SiteStats = {
        listed: { total: 0, byCourt: labelled(courts), byDistrict: [], byKind: [], byBehaviour: labelled(behaviours) },
        monthly: months.map(([added, removed], i) => ({ month: `20${20 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, added, removed })),
        removals: { total: 0, byType: [], byGround: [] },
        delay: { ...delayStats([]), histogram: histogram.map((count, days) => ({ days, count })) },
      };
      const found = findReadableIdNumbers(readerTextOfFile(statsMarkup(stats), { fold: false, page: true }));
      assert.deepEqual(found, []);
    }),
    { numRuns: 150 },
  );
});
