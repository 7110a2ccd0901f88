// The site's URLs that more than one writer builds: pages, the search page, the check tool,
// feeds and the 410 list must agree on them to the byte.

/** The page of one entry, and after it leaves the list its notice (served with 410 Gone). */
export function entryPath(id: string): string {
  return `/entry/${encodeURIComponent(id)}/`;
}
