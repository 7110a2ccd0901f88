// Which validated entries the public may see today. The order of the checks matters.
// Privacy comes first: a minor or a lawfully undisclosed party never appears anywhere,
// not even as a case number on a notice. Then a court decision is cited over an expiry,
// because the notice page and the change feed name the cause.
import type { Entry } from '../schema/entry.ts';
import { hasExpired } from './listing-period.ts';

export type Publicity =
  | { status: 'published' }
  | { status: 'decided'; decisionId: string }
  | { status: 'expired'; endedOn: string }
  | { status: 'withheld'; reason: 'minor' | 'notDisclosed' | 'unverifiedDecision' };

export interface DecisionRef {
  id: string;
  decidedOn: string;
  /** false when the decision failed validation: the entry is withheld anyway (withholding is always safe). */
  valid: boolean;
}

/** 若干规定 Art. 4: minors are never listed. Age at publication, from the age column or the ID's birth date, whichever is lower. */
export function isMinor(entry: Pick<Entry, 'kind' | 'age' | 'ageFromIdNumber'>): boolean {
  if (entry.kind !== 'person') return false;
  const ages = [entry.age, entry.ageFromIdNumber].filter((a): a is number => a !== undefined);
  return ages.some((a) => a < 18);
}

export function publicityOf(entry: Entry, decisions: readonly DecisionRef[], today: string): Publicity {
  if (isMinor(entry)) return { status: 'withheld', reason: 'minor' };
  if (!entry.disclose) return { status: 'withheld', reason: 'notDisclosed' };
  const effective = decisions.filter((d) => d.valid && d.decidedOn <= today).sort((a, b) => a.decidedOn.localeCompare(b.decidedOn));
  if (effective[0]) return { status: 'decided', decisionId: effective[0].id };
  if (decisions.some((d) => !d.valid)) return { status: 'withheld', reason: 'unverifiedDecision' };
  if (hasExpired(entry.listingEndsOn, today)) return { status: 'expired', endedOn: entry.listingEndsOn! };
  return { status: 'published' };
}
