// The public address of the site, for feeds and canonical links. Astro's `site` and the
// exports written outside Astro (scripts/lib/exports.ts) both read it from here.
export const SITE_URL = process.env.GONGSHI_SITE_URL ?? 'http://127.0.0.1:4321';
