// Crawlers may read every page (pages that show a person say noindex themselves, which a
// crawler can only see if it may fetch them) but not the bulk files and the search index,
// which carry every name and cannot say noindex (the deltas and court feeds too). The full-text
// index (/pagefind/) names no one but is binary data for the search page only: the pages it
// indexes are crawled themselves.
import type { APIRoute } from 'astro';

export const GET: APIRoute = ({ site }) =>
  new Response(
    ['User-agent: *', 'Disallow: /data/entries', 'Disallow: /data/changes', 'Disallow: /data/deltas/', 'Disallow: /data/courts/', 'Disallow: /search/i/', 'Disallow: /pagefind/', 'Disallow: /check/', '', `Sitemap: ${new URL('/sitemap.xml', site).href}`, ''].join('\n'),
    { headers: { 'Content-Type': 'text/plain; charset=utf-8' } },
  );
