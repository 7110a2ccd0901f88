// /cases/<slug>/share.png: the case's share image, drawn at build time from the text its page
// shows (scripts/lib/share-image.ts says why only that text). It reads the card alone
// (scripts/lib/pages.ts): a publication draws an image again only when the case's title,
// court, date or category or the site's name changed; the live images stay otherwise.
import type { APIRoute } from 'astro';
import { pathsOf } from '../../../lib/state';
import { missingGlyphsWarning, renderShareImage, type ShareCard } from '../../../../scripts/lib/share-image.ts';

export const getStaticPaths = () => pathsOf('cases/[slug]/share.png');

export const GET: APIRoute = async ({ props, params }) => {
  const { png, missing } = await renderShareImage((props as { card: ShareCard }).card);
  if (missing.length) console.warn(missingGlyphsWarning(`案例 ${params.slug}`, missing));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
