// /share.png: the site's share image (its name, and the sample mark on the sample), for every
// indexable page without one of its own. A route with a parameter only so that express
// delisting (only() set) can leave it out, as it leaves out the case images: a removal changes
// no image, and the live one stays.
import type { APIRoute } from 'astro';
import { only, state } from '../lib/state';
import { missingGlyphsWarning, renderShareImage, shareCardOfSite, SITE_SHARE_IMAGE_PATH } from '../../scripts/lib/share-image.ts';

export function getStaticPaths() {
  return only() ? [] : [{ params: { image: SITE_SHARE_IMAGE_PATH.replace(/^\/|\.png$/g, '') } }];
}

export const GET: APIRoute = async () => {
  const { png, missing } = await renderShareImage(shareCardOfSite(state().site));
  if (missing.length) console.warn(missingGlyphsWarning('本站', missing));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
