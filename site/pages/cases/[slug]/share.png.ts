// /cases/<slug>/share.png: the case's share image, drawn at build time from the text its page
// shows (scripts/lib/share-image.ts says why only that text). The cacheKey is the card's text:
// Astro's incremental build keeps the previous image while the case's title, court, date and
// category, the site's name and the drawing stay the same. Express delisting (only() set)
// draws none: it changes no case (a case naming a removed party makes it step aside), renders
// with an empty cache, and 1,000 images would cost it a minute; the live images stay.
import type { APIRoute } from 'astro';
import { only, state } from '../../../lib/state';
import { missingGlyphsWarning, renderShareImage, shareCardKey, shareCardOfCase, type ShareCard } from '../../../../scripts/lib/share-image.ts';


export function getStaticPaths() {
  if (only()) return [];
  const { cases, site } = state();
  return cases.map((c) => {
    const card = shareCardOfCase(c, site);
    return { params: { slug: c.slug }, props: { card }, cacheKey: shareCardKey(card) };
  });
}

export const GET: APIRoute = async ({ props, params }) => {
  const { png, missing } = await renderShareImage((props as { card: ShareCard }).card);
  if (missing.length) console.warn(missingGlyphsWarning(`案例 ${params.slug}`, missing));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
