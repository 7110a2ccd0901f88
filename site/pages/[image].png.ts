// /share.png: the site's share image (its name, and the sample mark on the sample), for every
// indexable page without one of its own. A route with a parameter so that it is a declared
// output (scripts/lib/pages.ts) read from the site's name alone: drawn again only when that changes.
import type { APIRoute } from 'astro';
import { pathsOf, state } from '../lib/state';
import { missingGlyphsWarning, renderShareImage, shareCardOfSite, SITE_SHARE_IMAGE_PATH } from '../../scripts/lib/share-image.ts';

export const getStaticPaths = () => pathsOf('[image].png');

export const GET: APIRoute = async () => {
  const { png, missing } = await renderShareImage(shareCardOfSite(state().site));
  if (missing.length) console.warn(missingGlyphsWarning('本站', missing));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
