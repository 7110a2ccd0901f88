// Issue #10's targets for a publication, and the figures measured when it was filed
// (2026-12-01, 100,000 entries, this machine), printed beside each bench's medians so that a
// run says where it stands against both.

export type Publication = 'first' | 'nextDay' | 'sameDay' | 'batch' | 'delisting';

/** Seconds, at 100,000 entries and at 1,000,000 (null: no target set at that size). */
const TARGETS: Record<Publication, readonly [number, number | null]> = {
  first: [90, 1200],
  nextDay: [10, 60],
  sameDay: [3, 3],
  batch: [15, null],
  delisting: [5, 10],
};

/** The issue's figures at 100,000 entries before the one pipeline (a batch was not measured then: README's first figure). */
const FILED: Record<Publication, string> = {
  first: '138–232 s',
  nextDay: '249 s',
  sameDay: '163 s',
  batch: '97.3 s',
  delisting: '7.6 s by the express path',
};

/**
 * " (target ≤ T s; when issue #10 was filed: F)" for a list of about the sizes the issue names
 * (a bench's folder grows by its batches: 101,000 is the 100,000 of the issue), else "".
 */
export function againstTargets(publication: Publication, entries: number): string {
  const size = entries >= 90_000 && entries <= 150_000 ? 0 : entries >= 900_000 && entries <= 1_500_000 ? 1 : null;
  const target = size === null ? null : TARGETS[publication][size];
  if (target === null) return '';
  return ` (target ≤ ${target} s${size === 0 ? `; when issue #10 was filed: ${FILED[publication]}` : ''})`;
}
