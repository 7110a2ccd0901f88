import type { APIRoute } from 'astro';
import { state } from '../../lib/state';

/** The append-only change feed: ADD / MOD / DEL events in `seq` order (format in content/README.md). */
export const GET: APIRoute = () => {
  const { changes, builtAt, asOf, site } = state();
  return new Response(JSON.stringify({ format: 'gongshi-changes/1', city: site.city, sampleData: site.sampleData, asOf, builtAt, lastSeq: changes.at(-1)?.seq ?? 0, events: changes }), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
