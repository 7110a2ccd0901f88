// The list's freshness (名单信息截至 …) on every page that shows it: filled in from one small file,
// /freshness.json, so that a new day with no change to the list renders no page again.
import { beijingTime, formatDate } from '../../scripts/lib/shared/dates.ts';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Fills every [data-freshness] span's template ({asOf}, {builtAt}) from /freshness.json. */
export function showFreshness(): void {
  const spans = document.querySelectorAll<HTMLElement>('[data-freshness]');
  if (spans.length) {
    fetch('/freshness.json', { referrerPolicy: 'no-referrer', cache: 'no-cache' })
      .then((response) => (response.ok ? response.json() : null))
      .then((file: unknown) => {
        const { asOf, builtAt } = (file ?? {}) as { asOf?: unknown; builtAt?: unknown };
        if (typeof asOf !== 'string' || !ISO_DAY.test(asOf)) return;
        // Beijing time, as the courts and readers count days; not the reader's zone.
        const built = typeof builtAt === 'string' && !Number.isNaN(Date.parse(builtAt)) ? beijingTime(new Date(builtAt)) : '';
        for (const span of spans) {
          const template = span.dataset.freshness ?? '';
          if (template.includes('{builtAt}') && !built) continue;
          // Dates and times kept whole: Chinese text may otherwise break inside 2026年11月26日.
          span.replaceChildren(...template.split(/(\{asOf\}|\{builtAt\})/).map((part) =>
            part === '{asOf}' || part === '{builtAt}' ? Object.assign(document.createElement('span'), { className: 'whole', textContent: part === '{asOf}' ? formatDate(asOf) : built }) : part));
          span.dataset.asOf = asOf;
        }
      })
      // Unreadable: the fallback text stays, which names no date rather than a wrong one.
      .catch(() => {});
  }
}
