// Which validated entries the public may see today. The order of the checks matters.
// Privacy comes first: a minor or a lawfully undisclosed party never appears anywhere,
// not even as a case number on a notice. An entry whose publication date has not come
// (宽限期, 法发〔2019〕35号) is not public either, and has nothing to take down yet. A court
// decision is cited over an expiry, because the notice page and the change feed name the
// cause; a departure this site already made is final.
import type { Entry } from '../schema/entry.ts';
import { ageOn } from '../shared/dates.ts';
import { hasExpired } from './listing-period.ts';

export type WithheldReason = 'minor' | 'notDisclosed' | 'notYetPublic' | 'unverifiedDecision';

export type Publicity =
  | { status: 'published' }
  | { status: 'decided'; decisionId: string }
  | { status: 'expired'; endedOn: string }
  | { status: 'departed' }
  | { status: 'withheld'; reason: WithheldReason };

export interface DecisionRef {
  id: string;
  decidedOn: string;
  /** false when the decision failed validation: the entry is withheld anyway (withholding is always safe). */
  valid: boolean;
}

/**
 * 若干规定 Art. 4: minors are never listed. The age column is the age at publication; the
 * ID's birth date gives the age at publication and on `today`. Under 18 on either day is a
 * minor: before the publication date the younger of the two is today's.
 */
export function isMinor(entry: Pick<Entry, 'kind' | 'age' | 'bornOn' | 'publishedOn'>, today: string): boolean {
  if (entry.kind !== 'person') return false;
  const ages = [entry.age, ...(entry.bornOn ? [ageOn(entry.bornOn, entry.publishedOn), ageOn(entry.bornOn, today)] : [])];
  return ages.some((a) => a !== undefined && a < 18);
}

/**
 * @param departedBefore this site took the entry off the list for good in an earlier
 *   publication (a decision or an expiry, as the change feed records): it never returns,
 *   whatever the content says now. A person listed again arrives as a new entry.
 */
export function publicityOf(entry: Entry, decisions: readonly DecisionRef[], today: string, departedBefore = false): Publicity {
  if (isMinor(entry, today)) return { status: 'withheld', reason: 'minor' };
  if (!entry.disclose) return { status: 'withheld', reason: 'notDisclosed' };
  // Never public yet: nothing to take down, and a notice would reveal the listing early.
  if (entry.publishedOn > today && !departedBefore) return { status: 'withheld', reason: 'notYetPublic' };
  const effective = decisions.filter((d) => d.valid && d.decidedOn <= today).sort((a, b) => a.decidedOn.localeCompare(b.decidedOn));
  if (effective[0]) return { status: 'decided', decisionId: effective[0].id };
  if (departedBefore) return { status: 'departed' };
  if (decisions.some((d) => !d.valid)) return { status: 'withheld', reason: 'unverifiedDecision' };
  if (hasExpired(entry.listingEndsOn, today)) return { status: 'expired', endedOn: entry.listingEndsOn! };
  return { status: 'published' };
}
