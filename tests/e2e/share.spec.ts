// Sharing, as a journalist posts a link: every page search engines may index says what it is
// (Open Graph, Twitter card, canonical link) and points at a share image that exists; a case
// points at its own image, whose lines are all text on the case page (verify reads the page, not
// the pixels). Pages that show a person carry none of it: no name in any preview or meta tag.
import { test, expect, type APIRequestContext } from '@playwright/test';
import { parseHTML } from 'linkedom';
import { BASE, expectReadable } from '../helpers/sample-site.ts';
import { SITE_URL } from '../../scripts/lib/site-url.ts';

const CASE_PAGE = /^\/cases\/[^/]+\/$/;
const SHARE_TAGS = ['og:title', 'og:description', 'og:image', 'og:url', 'og:type', 'og:site_name', 'twitter:card', 'twitter:title', 'twitter:description', 'twitter:image'];

interface Head {
  meta: Map<string, string>;
  canonical: string | null;
  text: string;
  links: string[];
}

/** A page's tags and text; a removal notice answers 410 Gone, with its page. */
async function head(request: APIRequestContext, path: string, status = 200): Promise<Head> {
  const response = await request.get(`${BASE}${path}`);
  expect(response.status(), path).toBe(status);
  const { document } = parseHTML(await response.text());
  const meta = new Map<string, string>();
  for (const tag of document.querySelectorAll('meta[property], meta[name]')) meta.set(tag.getAttribute('property') ?? tag.getAttribute('name')!, tag.getAttribute('content') ?? '');
  return {
    meta,
    canonical: document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null,
    text: document.querySelector('body')!.textContent!.replace(/\s+/g, ' '),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!),
  };
}

/** The served copy of a URL the site names by its public address. */
const served = (url: string) => `${BASE}${new URL(url).pathname}`;

/** Width and height from a PNG's IHDR chunk, after checking its signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function indexablePaths(request: APIRequestContext): Promise<string[]> {
  const sitemap = await (await request.get(`${BASE}/sitemap.xml`)).text();
  return [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map(([, loc]) => new URL(loc!).pathname);
}

test('every indexable page has Open Graph and Twitter card tags, a canonical link to itself, and a share image that is a 1200×630 PNG', async ({ request }) => {
  const paths = await indexablePaths(request);
  // Every kind: the fixed pages, a case, a responsible unit's page.
  expect(paths).toEqual(expect.arrayContaining(['/', '/list/', '/cases/', '/measures/', '/notices/', '/correction/', '/data/', '/stats/', '/about/']));
  expect(paths.some((p) => CASE_PAGE.test(p))).toBe(true);
  expect(paths.some((p) => p.startsWith('/measures/unit/'))).toBe(true);
  const images = new Map<string, { width: number; height: number }>();
  for (const path of paths) {
    const { meta, canonical } = await head(request, path);
    for (const tag of SHARE_TAGS) expect(meta.get(tag), `${tag} on ${path}`).toBeTruthy();
    expect(meta.get('twitter:card')).toBe('summary_large_image');
    expect(canonical, `canonical of ${path}`).toBe(new URL(path, SITE_URL).href);
    expect(meta.get('og:url')).toBe(canonical);
    const image = meta.get('og:image')!;
    expect(meta.get('twitter:image')).toBe(image);
    expect(new URL(image).origin, 'the image is on the site').toBe(new URL(SITE_URL).origin);
    expect(image, `${path} shares its case's image or the site's`).toBe(new URL(CASE_PAGE.test(path) ? `${path}share.png` : '/share.png', SITE_URL).href);
    if (!images.has(image)) {
      const response = await request.get(served(image));
      expect(response.status(), image).toBe(200);
      expect(response.headers()['content-type']).toBe('image/png');
      images.set(image, pngSize(await response.body()));
    }
    expect(images.get(image), image).toEqual({ width: 1200, height: 630 });
    expect([meta.get('og:image:width'), meta.get('og:image:height')]).toEqual(['1200', '630']);
  }
});

test('a case shares its own image, and every line that image draws is text on the case page', async ({ request }) => {
  const cases = (await indexablePaths(request)).filter((p) => CASE_PAGE.test(p));
  expect(cases.length).toBeGreaterThan(1);
  const bodies = new Set<string>();
  for (const path of cases) {
    const { meta, text } = await head(request, path);
    expect(meta.get('og:type')).toBe('article');
    // The alt text is the card's lines (scripts/lib/share-image.ts shareCardLines), the very strings drawn.
    const lines = meta.get('og:image:alt')!.split(' · ');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) expect(text, `${path}: "${line}" is on the page`).toContain(line);
    expect(lines).toContain(meta.get('og:title'));
    bodies.add((await (await request.get(served(meta.get('og:image')!))).body()).toString('base64'));
  }
  expect(bodies.size, 'each case has an image of its own').toBe(cases.length);
});

test('pages that show a person, and the other noindex pages, carry no share tag and no canonical link', async ({ request }) => {
  const courts = (await head(request, '/list/')).links.filter((h) => /^\/list\/[^/]+\/$/.test(h));
  const court = courts[0]!;
  const month = (await head(request, court)).links.find((h) => h.startsWith(court) && h !== court)!;
  const entry = (await head(request, month)).links.find((h) => h.startsWith('/entry/'))!;
  const notice = (await head(request, '/notices/')).links.find((h) => h.startsWith('/entry/'))!;
  expect([court, month, entry, notice].every(Boolean)).toBe(true);
  for (const path of [entry, notice, court, month, '/search/', '/check/']) {
    const { meta, canonical } = await head(request, path, path === notice ? 410 : 200);
    expect(meta.get('robots'), path).toBe('noindex, nofollow');
    const share = [...meta.keys()].filter((k) => k.startsWith('og:') || k.startsWith('twitter:'));
    expect(share, `${path} has no share tags`).toEqual([]);
    expect(canonical, `${path} has no canonical link`).toBeNull();
  }
});

test('a case page, the case index and the home page with their share tags pass axe and fit 360 px', async ({ page, request }) => {
  const casePath = (await indexablePaths(request)).find((p) => CASE_PAGE.test(p))!;
  for (const path of ['/', '/cases/', casePath]) {
    await page.goto(`${BASE}${path}`);
    await expectReadable(page, path);
  }
});
