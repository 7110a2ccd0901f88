// The pages search engines may index: none that shows a person (entries, court and month
// lists, search and check results carry noindex and are left out here too).
import type { APIRoute } from 'astro';
import { state } from '../lib/state';
import { responsibleUnits } from '../../scripts/lib/measure-units.ts';

/** Site-wide pages without personal data; cases and the responsible units' pages follow, one URL each. */
export const INDEXABLE_PAGES = ['/', '/list/', '/cases/', '/measures/', '/notices/', '/correction/', '/data/', '/stats/', '/about/'] as const;

export const GET: APIRoute = ({ site }) => {
  const { cases, measures } = state();
  const urls = [
    ...INDEXABLE_PAGES.map((p) => ({ loc: p })),
    ...cases.map((c) => ({ loc: `/cases/${c.slug}/`, lastmod: c.date })),
    ...responsibleUnits(measures).map((u) => ({ loc: `/measures/unit/${u.slug}/` })),
  ];
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = urls.map((u) => `  <url><loc>${escape(new URL(u.loc, site).href)}</loc>${'lastmod' in u && u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`).join('\n');
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`, {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  });
};
