// A page's filters in its query string: one definition of how they are read and written, so
// that every filtered view (cases, measures) has one URL, keys in a fixed order.

/** The set values of `keys` in `params` (an empty value does not filter). */
export function readFilter<K extends string>(keys: readonly K[], params: URLSearchParams): Partial<Record<K, string>> {
  const filter: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = params.get(key)?.trim();
    if (value) filter[key] = value;
  }
  return filter;
}

/** `?key=value&…` in the order of `keys`, then `extra` (e.g. the page); '' when nothing is set. */
export function writeFilter<K extends string>(keys: readonly K[], filter: Partial<Record<K, string>>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of keys) if (filter[key]) params.set(key, filter[key]!);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}
