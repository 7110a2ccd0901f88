// How long an entry stays on the list (若干规定 Art. 2).
import type { BehaviourCode } from '../shared/rules/behaviours.ts';
import { addYears } from '../shared/dates.ts';

/**
 * The last day of listing. An explicit court-set end wins. Otherwise behaviours 2–6 carry
 * 2 years from publication; behaviour 1 alone has no fixed end (null) — the entry stays
 * until a court decision removes it.
 */
export function listingEndsOn(
  publishedOn: string,
  behaviours: readonly BehaviourCode[],
  explicitEnd?: string,
): string | null {
  if (explicitEnd) return explicitEnd;
  return behaviours.some((b) => b !== 1) ? addYears(publishedOn, 2) : null;
}

/** True when the listing period ended before `today` (the end date itself is still listed). */
export function hasExpired(endsOn: string | null, today: string): boolean {
  return endsOn !== null && endsOn < today;
}
