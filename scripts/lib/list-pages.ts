// How a court's list is paged: scripts/lib/pages.ts declares the list pages with it, and
// site/lib/state.ts pages the list. A module of its own so that the site can import
// it without loading the build's dependencies.

/** Entries on one page of a court's month list (/list/<court>/<month>/<n>/). */
export const PAGE_SIZE = 50;

/** Removal notices on one page of /notices/ (the full-text index lists each page, scripts/lib/fulltext.ts). */
export const NOTICES_PER_PAGE = 50;
