// Working days (工作日) as Chinese courts count them: Monday to Friday, minus the State
// Council's public holidays, plus the weekend days it makes working days (调休). The yearly
// schedules (国务院办公厅关于部分节假日安排的通知) come from the maintained `chinese-days` package
// (MIT, github.com/vsme/chinese-days); update it when a new year's notice is published. For a
// year it does not know yet, weekends and the fixed-date holidays of 全国年节及纪念日放假办法
// (元旦, 劳动节, 国庆节) are skipped; the lunar holidays and 调休 of that year are not known.
//
// Node only: scripts/lib/shared/ is compiled for the browser and may not import packages
// (tests/unit/runtime-boundary.test.ts). Pages compute their deadlines at build time.
import chineseDays from 'chinese-days';
import { addDays } from '../shared/dates.ts';

// 若干规定 Art. 9–10 and the source document §四(二) give courts "3 working days" (3 个工作日)
// to take an entry down.
export const DELISTING_DEADLINE_WORKING_DAYS = 3;

// 全国年节及纪念日放假办法 Art. 2 (2024 revision): the holidays that fall on fixed calendar days.
const FIXED_DATE_HOLIDAYS = new Set(['01-01', '05-01', '05-02', '10-01', '10-02', '10-03']);

const scheduleKnown = new Map<string, boolean>();
/** Whether the package has the State Council's schedule for this year: every schedule names 元旦. */
function hasSchedule(year: string): boolean {
  let known = scheduleKnown.get(year);
  if (known === undefined) {
    known = chineseDays.getDayDetail(`${year}-01-01`).name.includes('元旦');
    scheduleKnown.set(year, known);
  }
  return known;
}

/** True when `iso` (YYYY-MM-DD) is a working day in mainland China, 调休 included. */
export function isWorkingDay(iso: string): boolean {
  if (hasSchedule(iso.slice(0, 4))) return chineseDays.isWorkday(iso);
  return chineseDays.isWorkday(iso) && !FIXED_DATE_HOLIDAYS.has(iso.slice(5));
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  let days = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day)) days++;
  return days;
}

/** The `n`th working day after `from` (`from` itself never counts). */
export function addWorkingDays(from: string, n: number): string {
  let day = from;
  for (let left = n; left > 0; ) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/**
 * The last day of a period of `days` days that starts on `from`, as the Civil Procedure Law
 * counts periods (民事诉讼法, 期间): the starting day does not count, and a period that
 * would end on a day off (a weekend or public holiday) ends on the first working day after it.
 */
export function periodEndsOn(from: string, days: number): string {
  let day = addDays(from, days);
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}
