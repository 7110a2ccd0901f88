import { expect, type Page } from '@playwright/test';

/** Opens the search page for a query (and filters), waits for the search to finish, returns the result entry ids in order. */
export async function searchIds(page: Page, baseUrl: string, query: string, filters: Record<string, string> = {}): Promise<string[]> {
  const url = new URL('/search/', baseUrl);
  if (query) url.searchParams.set('q', query);
  for (const [k, v] of Object.entries(filters)) url.searchParams.set(k, v);
  await page.goto(url.href);
  await expect(page.locator('#search-status[data-state="done"]')).toBeAttached({ timeout: 30_000 });
  return page.locator('#search-results [data-entry-id]').evaluateAll((els) => els.map((el) => el.getAttribute('data-entry-id')!));
}
