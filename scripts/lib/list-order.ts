// The list's order, in a module of its own: the state's readers (state-files.ts) restore it in
// the page process, which must not load the publishing state's module to do so.

/** The list's order: newest first, then by id. The search index's order.json says the same (search/index-build.ts). */
export const newestFirst = (a: { publishedOn: string; id: string }, b: { publishedOn: string; id: string }): number => b.publishedOn.localeCompare(a.publishedOn) || a.id.localeCompare(b.id);
