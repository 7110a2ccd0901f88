// 若干规定 Art. 9–10 and the source document give courts "3 working days" (3 个工作日) to
// take an entry down. Weekends are skipped; public holidays and make-up working days
// (调休) are not known here, so the count can only err towards flagging too early.

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  let days = 0;
  const day = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (day < end) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) days++;
  }
  return days;
}

export const DELISTING_DEADLINE_WORKING_DAYS = 3;
