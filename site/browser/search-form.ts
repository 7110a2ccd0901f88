// Every search box of the site (header, home, search page).
import { maskFullIdNumbers, searchHref, SEARCH_QUERY_EVENT } from '../../scripts/lib/shared/search/query.ts';

/**
 * The one place a typed query leaves the box: masked first, then either searched on this
 * page (the search page cancels the event) or taken to the search page in the URL.
 */
export function startSearchForms(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-search-form]')) {
    const input = form.querySelector<HTMLInputElement>('input[data-query]')!;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      input.value = maskFullIdNumbers(input.value);
      if (form.dispatchEvent(new Event(SEARCH_QUERY_EVENT, { cancelable: true }))) location.assign(searchHref(input.value));
    });
  }
}
