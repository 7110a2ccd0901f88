// /measures/: applies the filters in the query string, keeps the URL in step with the form
// (replaceState, so reload and sharing keep the view), and hides every heading and table-of-
// contents line whose group has no measure left, so a filtered catalog has no empty headings.
import {
  MEASURE_FILTER_KEYS,
  measureFilterFromParams,
  measureFilterToSearch,
  measureMatches,
  type DebtorKind,
  type MeasureFilter,
} from '../../scripts/lib/shared/measure-filter.ts';

export function startMeasureFilter(): void {
  const form = document.querySelector<HTMLFormElement>('#measure-filter');
  const status = document.querySelector<HTMLElement>('#measure-count');
  if (!form || !status) return;
  const items = [...document.querySelectorAll<HTMLElement>('li[data-units]')];
  const total = items.length;

  const apply = (filter: MeasureFilter): void => {
    const shown = new Set<string>();
    let count = 0;
    for (const li of items) {
      const match = measureMatches({
        unitSlugs: (li.dataset.units ?? '').split(' ').filter(Boolean),
        group: li.dataset.group ?? '',
        kinds: (li.dataset.kinds ?? '').split(' ').filter(Boolean) as DebtorKind[],
      }, filter);
      li.hidden = !match;
      if (match) {
        count += 1;
        shown.add(li.dataset.group ?? '');
      }
    }
    for (const section of document.querySelectorAll<HTMLElement>('[data-group-section]')) section.hidden = !shown.has(section.dataset.groupSection!);
    for (const line of document.querySelectorAll<HTMLElement>('[data-toc-group]')) line.hidden = !shown.has(line.dataset.tocGroup!);
    const filtered = MEASURE_FILTER_KEYS.some((k) => filter[k]);
    const unitOption = filter.unit ? form.querySelector<HTMLOptionElement>(`select[name=unit] option[value="${CSS.escape(filter.unit)}"]`) : null;
    status.textContent = filtered ? `符合条件的措施 ${count} 项（共 ${total} 项）。` : `显示全部 ${total} 项。`;
    if (unitOption) {
      const link = document.createElement('a');
      link.href = `/measures/unit/${filter.unit}/`;
      link.textContent = `${unitOption.text}负责的全部措施`;
      status.append(link);
    }
  };

  const fromForm = (): MeasureFilter => {
    const filter: MeasureFilter = {};
    for (const key of MEASURE_FILTER_KEYS) {
      const value = (form.elements.namedItem(key) as HTMLSelectElement | null)?.value;
      if (value) filter[key] = value;
    }
    return filter;
  };

  const initial = measureFilterFromParams(new URLSearchParams(location.search));
  for (const key of MEASURE_FILTER_KEYS) {
    const select = form.elements.namedItem(key) as HTMLSelectElement | null;
    // A value the form does not offer (an old link) is dropped rather than matching nothing.
    if (select && initial[key] && [...select.options].some((o) => o.value === initial[key])) select.value = initial[key];
    else delete initial[key];
  }
  apply(initial);
  form.addEventListener('change', () => {
    const filter = fromForm();
    history.replaceState(null, '', `${location.pathname}${measureFilterToSearch(filter)}${location.hash}`);
    apply(filter);
  });
  form.addEventListener('submit', (event) => event.preventDefault());
}
