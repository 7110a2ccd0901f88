// The case index: filters and paging applied in the browser to the static list, their state in
// the query string (scripts/lib/shared/case-filter.ts). Without JavaScript every case shows.
import { CASE_FILTER_KEYS, caseMatches, filterFromParams, filterToSearch, pageFromParams, pageOf, type CaseFilter } from '../../scripts/lib/shared/case-filter.ts';

export function startCaseIndex(): void {
  const found = {
    form: document.querySelector<HTMLFormElement>('#case-filters'),
    status: document.querySelector<HTMLElement>('#case-status'),
    pager: document.querySelector<HTMLElement>('#case-pager'),
    prev: document.querySelector<HTMLAnchorElement>('#case-prev'),
    next: document.querySelector<HTMLAnchorElement>('#case-next'),
    pageLabel: document.querySelector<HTMLElement>('#case-page'),
  };
  const { form, status, pager, prev, next, pageLabel } = found;
  if (!form || !status || !pager || !prev || !next || !pageLabel) return;
  const ui = { form, status, pager, prev, next, pageLabel };
  const items = [...document.querySelectorAll<HTMLElement>('#case-list > li')];
  const select = (key: string) => form.querySelector<HTMLSelectElement>(`select[name="${key}"]`);

  function render(): void {
    const params = new URL(location.href).searchParams;
    const filter = filterFromParams(params);
    for (const key of CASE_FILTER_KEYS) {
      const box = select(key);
      if (!box) continue;
      // A value from an old link that no case has any more shows as "全部" and filters nothing.
      const known = [...box.options].some((o) => o.value === (filter[key] ?? ''));
      box.value = known ? (filter[key] ?? '') : '';
      if (!known) delete filter[key];
    }
    const matching = items.filter((li) => caseMatches({
      category: li.dataset.category ?? '',
      court: li.dataset.court ?? '',
      behaviours: (li.dataset.behaviours ?? '').split(' ').filter(Boolean),
      year: li.dataset.year ?? '',
    }, filter));
    const { from, to, page, pages } = pageOf(matching.length, pageFromParams(params));
    const shown = new Set(matching.slice(from, to));
    for (const li of items) li.hidden = !shown.has(li);
    const filtered = Object.keys(filter).length > 0;
    ui.status.textContent = matching.length === 0
      ? '没有符合条件的案例，请放宽筛选条件。'
      : `${filtered ? `符合条件的案例 ${matching.length} 个` : `共 ${matching.length} 个案例`}${pages > 1 ? `，第 ${page} / ${pages} 页` : ''}`;
    ui.pager.hidden = pages <= 1;
    ui.pageLabel.textContent = `第 ${page} / ${pages} 页`;
    for (const [link, target] of [[ui.prev, page - 1], [ui.next, page + 1]] as const) {
      const on = target >= 1 && target <= pages;
      link.hidden = !on;
      if (on) link.href = `/cases/${filterToSearch(filter, target)}`;
    }
  }

  function go(search: string): void {
    history.pushState(null, '', `/cases/${search}`);
    render();
  }

  const current = (): CaseFilter => Object.fromEntries(CASE_FILTER_KEYS.map((k) => [k, select(k)?.value ?? '']));
  // A changed filter starts again at page 1.
  form.addEventListener('change', () => go(filterToSearch(current())));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go(filterToSearch(current()));
  });
  for (const link of [prev, next, document.querySelector<HTMLAnchorElement>('#case-filters-clear')]) {
    if (!link) continue;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      go(new URL(link.href).search);
      if (link !== prev && link !== next) return;
      document.querySelector('h1')?.scrollIntoView();
    });
  }
  addEventListener('popstate', render);
  render();
}
