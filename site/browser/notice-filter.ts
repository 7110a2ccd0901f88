// The removal notices' filter: by court and month, over all notices on the first page (the
// rest are hidden there for paging); the filter state lives in the URL.

/** Shows the notices the form's court and month select, and keeps them in the URL. */
export function startNoticeFilter(): void {
  const form = document.querySelector<HTMLFormElement>('#notice-filter')!;
  const rows = [...document.querySelectorAll<HTMLTableRowElement>('#notice-rows tr')];
  const status = document.querySelector('#notice-filter-status')!;
  function apply() {
    const data = new FormData(form);
    const court = String(data.get('court') ?? '');
    const month = String(data.get('month') ?? '');
    let shown = 0;
    for (const row of rows) {
      const filtered = court !== '' || month !== '';
      const match = (!court || row.dataset.court === court) && (!month || row.dataset.month === month);
      row.hidden = filtered ? !match : row.dataset.paged === 'extra';
      if (!row.hidden) shown++;
    }
    status.textContent = `显示 ${shown} 条`;
  }
  const params = new URL(location.href).searchParams;
  const select = (name: string) => form.elements.namedItem(name) as HTMLSelectElement;
  for (const name of ['court', 'month']) select(name).value = params.get(name) ?? '';
  form.addEventListener('change', () => {
    const url = new URL(location.href);
    for (const name of ['court', 'month']) {
      const value = select(name).value;
      if (value) url.searchParams.set(name, value);
      else url.searchParams.delete(name);
    }
    history.replaceState(null, '', url);
    apply();
  });
  apply();
}
