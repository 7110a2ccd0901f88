import type { APIRoute } from 'astro';
import { state } from '../../lib/state';

/** The whole published list, for departments and banks that check people against it. */
export const GET: APIRoute = () => {
  const { entries, asOf, builtAt, site, changes } = state();
  return new Response(
    JSON.stringify({ format: 'gongshi-entries/1', city: site.city, sampleData: site.sampleData, asOf, builtAt, lastChangeSeq: changes.at(-1)?.seq ?? 0, count: entries.length, entries }),
    { headers: { 'Content-Type': 'application/json; charset=utf-8' } },
  );
};
