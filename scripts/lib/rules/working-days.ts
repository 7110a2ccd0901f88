// 若干规定 Art. 9–10 and the source document give courts "3 working days" (3 个工作日) to
// take an entry down. Weekends are skipped; public holidays and make-up working days
// (调休) are not known here, so the count can only err towards flagging too early.
// The count itself is workingDaysBetween in scripts/lib/shared/dates.ts.

export const DELISTING_DEADLINE_WORKING_DAYS = 3;
