// The list in numbers (/stats/): pure functions of the published entries and the change feed.
//
// What may be counted. Every figure here is computed from two inputs only: the entries public
// now (state.entries) and the departures in the change feed (DEL with type 屏蔽/撤销/删除/期满),
// which are exactly the records the notices pages already show one by one. A minor, a
// `disclose: false` entry, an entry not yet public or one held back for a data problem is in
// neither, so no count can single one out. Two things are deliberately left out:
//   - 暂停公开 (a DEL for a data problem): the entry may return, and counting those per month
//     or court would publish the withheld count where /about/ gives only the overall total;
//   - the withheld/minor counts per court or month: /about/ shows the overall counts, which
//     the build already publishes, and nothing finer (a court with one withheld record a month
//     would point at a case).
// No name, id or case number leaves these functions: only labels of courts, districts,
// kinds, behaviours, decision types, grounds, months and counts.
import type { ChangeEvent } from './change-event.ts';
import { csvFile } from './csv.ts';
import type { PublishedEntry } from './publish-state.ts';
import { DELISTING_GROUND_CODES, DELISTING_GROUNDS, DECISION_TYPES, type DelistingGround } from './rules/delisting-grounds.ts';
import { DELISTING_DEADLINE_WORKING_DAYS, workingDaysBetween } from './rules/working-days.ts';
import { BEHAVIOUR_CODES, BEHAVIOUR_SHORT } from './shared/rules/behaviours.ts';
import { formatMonth, todayInChina } from './shared/dates.ts';
import { formatCount } from './shared/numbers.ts';

export interface Count {
  label: string;
  count: number;
}

export interface MonthCount {
  /** YYYY-MM */
  month: string;
  added: number;
  removed: number;
}

export interface DelayStats {
  /** Removals by decision that this site had shown before: the ones whose delay it measured. */
  count: number;
  /** Nearest rank: half of the removals took at most this many working days (null when none). */
  median: number | null;
  /** Nearest rank: 90 % took at most this many working days. */
  p90: number | null;
  /** How many were taken down within the deadline. */
  withinDeadline: number;
  deadline: number;
  /** Removals per number of working days, 0 up to the longest. */
  histogram: { days: number; count: number }[];
}

export interface SiteStats {
  listed: {
    total: number;
    byCourt: Count[];
    byDistrict: Count[];
    byKind: Count[];
    /** An entry with several behaviours counts once under each. */
    byBehaviour: Count[];
  };
  monthly: MonthCount[];
  removals: {
    total: number;
    byType: Count[];
    byGround: Count[];
  };
  delay: DelayStats;
}

const KIND_LABEL = { person: '自然人', org: '法人或其他组织' } as const;
/** What /stats/ calls a removal type: the decision types, then the end of the listing period. */
export const REMOVAL_TYPES = [...DECISION_TYPES, '期满'] as const;

/** Counts by label, largest first, ties in label order (a stable chart between builds). */
export function countBy<T>(items: Iterable<T>, labelsOf: (item: T) => Iterable<string>): Count[] {
  const counts = new Map<string, number>();
  for (const item of items) for (const label of labelsOf(item)) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh-Hans-CN'));
}

/**
 * The nearest-rank percentile: the smallest value that at least `p` % of the values do not
 * exceed. Always one of the values, so "90 % were taken down within N working days" is a
 * sentence about real removals (an interpolated 2.5 days would describe none). Null when empty.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * The departures in the feed, one per entry: decisions (屏蔽, 撤销, 删除) and ended listing
 * periods (期满). A DEL for a data problem (暂停公开) is not one: see the head of this file.
 */
export function departureEvents(changes: readonly ChangeEvent[]): ChangeEvent[] {
  const seen = new Set<string>();
  const out: ChangeEvent[] = [];
  for (const e of changes) {
    if (e.op !== 'DEL' || !e.type || e.type === '暂停公开' || seen.has(e.entryId)) continue;
    seen.add(e.entryId);
    out.push(e);
  }
  return out;
}

/**
 * Additions and removals per month. An addition is an entry's first ADD, in the month it was
 * published (the event's date); an entry back after a 暂停公开 is not added again. A removal is
 * a departure, in the month of its decision or of the day after its listing ended. Every month
 * from the first to the last is listed, empty ones too, so a chart's gaps are real.
 */
export function monthlyChanges(changes: readonly ChangeEvent[]): MonthCount[] {
  const added = new Map<string, number>();
  const removed = new Map<string, number>();
  const addedIds = new Set<string>();
  for (const e of changes) {
    if (e.op !== 'ADD' || addedIds.has(e.entryId)) continue;
    addedIds.add(e.entryId);
    added.set(e.date.slice(0, 7), (added.get(e.date.slice(0, 7)) ?? 0) + 1);
  }
  for (const e of departureEvents(changes)) removed.set(e.date.slice(0, 7), (removed.get(e.date.slice(0, 7)) ?? 0) + 1);
  const months = [...added.keys(), ...removed.keys()].sort();
  if (months.length === 0) return [];
  const out: MonthCount[] = [];
  for (let month = months[0]!; month <= months.at(-1)!; month = nextMonth(month)) {
    out.push({ month, added: added.get(month) ?? 0, removed: removed.get(month) ?? 0 });
  }
  return out;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Departures by type (屏蔽/撤销/删除/期满, every type listed) and, for decisions, by lawful ground. */
export function removalsBy(changes: readonly ChangeEvent[]): SiteStats['removals'] {
  const departures = departureEvents(changes);
  const byType = REMOVAL_TYPES.map((type) => ({ label: type, count: departures.filter((e) => e.type === type).length }));
  const grounds = new Map<DelistingGround | undefined, number>();
  for (const e of departures) if (e.type !== '期满') grounds.set(e.reason, (grounds.get(e.reason) ?? 0) + 1);
  const byGround: Count[] = DELISTING_GROUND_CODES.filter((g) => grounds.has(g)).map((g) => ({ label: DELISTING_GROUNDS[g].label, count: grounds.get(g)! }));
  // A decision recorded before grounds were kept in the feed.
  if (grounds.has(undefined)) byGround.push({ label: '未注明', count: grounds.get(undefined)! });
  return { total: departures.length, byType, byGround: byGround.sort((a, b) => b.count - a.count) };
}

/**
 * Working days from a decision to the day this site took the entry down (the DEL event's
 * recordedAt, as a date in China), against the 3 working days of 若干规定 Art. 9–10.
 * Only entries this site had shown (an ADD earlier in the feed) count: on a first build, or
 * for a decision that arrived before its entry was ever published, there was nothing to take
 * down and the gap would measure the site's age, not its speed. 期满 has no decision to wait for.
 */
export function removalDelays(changes: readonly ChangeEvent[]): number[] {
  const shown = new Set<string>();
  const delays: number[] = [];
  // Many removals share a decision day and a publication: each pair is counted once.
  const memo = new Map<string, number>();
  const between = (from: string, to: string) => {
    const key = `${from} ${to}`;
    let days = memo.get(key);
    if (days === undefined) memo.set(key, (days = workingDaysBetween(from, to)));
    return days;
  };
  for (const e of changes) {
    if (e.op === 'ADD') shown.add(e.entryId);
    else if (e.op === 'DEL') {
      if (shown.has(e.entryId) && e.decisionId && e.type !== '期满' && e.type !== '暂停公开') {
        delays.push(between(e.date, todayInChina(new Date(e.recordedAt))));
      }
      shown.delete(e.entryId);
    }
  }
  return delays;
}

export function delayStats(delays: readonly number[]): DelayStats {
  const perDay: number[] = [];
  for (const d of delays) perDay[d] = (perDay[d] ?? 0) + 1;
  const histogram = Array.from(perDay, (count, days) => ({ days, count: count ?? 0 }));
  return {
    count: delays.length,
    median: percentile(delays, 50),
    p90: percentile(delays, 90),
    withinDeadline: delays.filter((d) => d <= DELISTING_DEADLINE_WORKING_DAYS).length,
    deadline: DELISTING_DEADLINE_WORKING_DAYS,
    histogram,
  };
}

/** Everything /stats/ shows, from the entries public now and the whole change feed. */
export function siteStats(entries: readonly PublishedEntry[], changes: readonly ChangeEvent[]): SiteStats {
  // One pass over the entries for the behaviours and kinds (a pass for each took 100 ms at 100,000 entries, on every publication).
  const behaviours = new Map<(typeof BEHAVIOUR_CODES)[number], number>();
  const kinds = new Map<string, number>();
  for (const e of entries) {
    kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    // An entry counts once for each behaviour it names, however often it names it.
    e.behaviours.forEach((code, i) => {
      if (e.behaviours.indexOf(code) === i) behaviours.set(code, (behaviours.get(code) ?? 0) + 1);
    });
  }
  return {
    listed: {
      total: entries.length,
      byCourt: countBy(entries, (e) => [e.court]),
      byDistrict: countBy(entries, (e) => [e.district]),
      byKind: (['person', 'org'] as const).map((kind) => ({ label: KIND_LABEL[kind], count: kinds.get(kind) ?? 0 })),
      byBehaviour: BEHAVIOUR_CODES.map((code) => ({ label: BEHAVIOUR_SHORT[code], count: behaviours.get(code) ?? 0 })),
    },
    monthly: monthlyChanges(changes),
    removals: removalsBy(changes),
    delay: delayStats(removalDelays(changes)),
  };
}

/** One table of /stats/: shown beside its chart and downloadable as /stats/<slug>.csv. */
export interface StatTable {
  slug: string;
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** Said after a row's number on the page (`3 个工作日`); the CSV keeps the bare number. */
  rowUnit?: string;
}

/**
 * A cell of a table as the page shows it. Each row starts with a label that ends in something
 * other than a digit (a name, 2025年8月, 3 个工作日) and its counts are grouped in thousands,
 * so digits never run on from one row into the next: a column of small counts read down the
 * table would otherwise look like an ID number to a reader, and to the privacy check, which
 * joins digit groups across lines and would rightly refuse the page.
 */
export function statCell(table: StatTable, value: string | number, column: number): string {
  if (typeof value === 'string') return column === 0 && /^\d{4}-\d{2}$/.test(value) ? formatMonth(value) : value;
  return column === 0 && table.rowUnit ? `${formatCount(value)} ${table.rowUnit}` : formatCount(value);
}

/** The tables of /stats/, in page order; the page and the CSV files both read them. */
export function statTables(stats: SiteStats): StatTable[] {
  const counts = (slug: string, title: string, first: string, list: Count[]): StatTable => ({ slug, title, columns: [first, '条数'], rows: list.map((c) => [c.label, c.count]) });
  return [
    counts('listed-by-court', '按执行法院：现公开条数', '执行法院', stats.listed.byCourt),
    counts('listed-by-district', '按区县：现公开条数', '区县', stats.listed.byDistrict),
    counts('listed-by-kind', '按被执行人类型：现公开条数', '被执行人类型', stats.listed.byKind),
    counts('listed-by-behaviour', '按失信情形：现公开条数（一条可有多种情形）', '失信情形', stats.listed.byBehaviour),
    { slug: 'monthly', title: '每月纳入与撤下', columns: ['月份', '纳入公开', '撤下'], rows: stats.monthly.map((m) => [m.month, m.added, m.removed]) },
    counts('removals-by-type', '撤下方式', '方式', stats.removals.byType),
    counts('removals-by-ground', '撤下依据（屏蔽、撤销、删除）', '依据', stats.removals.byGround),
    { slug: 'removal-delay', title: '从决定到本站撤下的工作日数', columns: ['工作日数', '条数'], rows: stats.delay.histogram.map((h) => [h.days, h.count]), rowUnit: '个工作日' },
  ];
}

/** A table as CSV the way /data/entries.csv is written: UTF-8 with BOM for Excel, CRLF, formulas defused. */
export function statTableCsv(table: StatTable): string {
  return csvFile([table.columns, ...table.rows.map((row) => row.map(String))]);
}
