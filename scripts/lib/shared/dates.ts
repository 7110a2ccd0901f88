// Dates as the courts write them: ISO calendar days (YYYY-MM-DD) with no time and no time zone,
// so that comparing two strings compares two days. Every reading, sum and printing of such a day
// goes through here.

/** The ISO date of year `y`, month `m` (1–12), day `d`, or null when there is no such day (31 April). */
export function isoDateOf(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

// Days since 1970-01-01 and back, by integer arithmetic (H. Hinnant's civil-date algorithms):
// Date objects made these the slowest part of generating 100,000 records.
export function dayNumber(iso: string): number {
  let y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

export function isoOfDay(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

export function addDays(iso: string, days: number): string {
  return isoOfDay(dayNumber(iso) + days);
}

/** Whole years later (or earlier); 29 February falls back to 28 February in a common year. */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** Age in whole years on `day` of someone born on `birthDate`. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** China's clocks run at UTC+8 all year (no summer time since 1991). */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The day in China, where the courts' dates are, at `now` (today, unless told). */
export function todayInChina(now = new Date()): string {
  if (Number.isNaN(now.getTime())) throw new RangeError('todayInChina: not a moment in time');
  return isoOfDay(Math.floor((now.getTime() + CHINA_OFFSET_MS) / DAY_MS));
}

/** Milliseconds from `now` until the next midnight in China, when todayInChina turns: (0, one day]. */
export function msUntilNextDayInChina(now = Date.now()): number {
  const local = now + CHINA_OFFSET_MS;
  return (Math.floor(local / DAY_MS) + 1) * DAY_MS - local;
}

/** `2026-03-05` → `2026年3月5日`. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** `2026-03` → `2026年3月`. */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

const BEIJING_MINUTE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** `2026-12-01 17:21`: the moment in Beijing time, as the courts and readers count days, whatever the reader's zone. */
export function beijingTime(date: Date): string {
  const part = Object.fromEntries(BEIJING_MINUTE.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}
