// Share images (Open Graph / Twitter card): a 1200×630 PNG per case and one for the whole site,
// drawn at build time by satori (layout, text to vector paths) and resvg (SVG to PNG), with
// Noto Sans SC shipped in @fontsource/noto-sans-sc. Nothing is downloaded at build or view time.
//
// Privacy: verify (verify-output.ts) reads text, not pixels, so it cannot see what a PNG says.
// An image therefore carries only strings the page itself shows as text, which verify does read:
// every line of a card comes from shareCardOfCase / shareCardOfSite below, built from the same
// published fields and the same formatting (formatDate) the case page renders, never from the
// raw content. A case that named a hidden party was withheld whole by publication
// (withholdHiddenMentions), so it has neither a page nor an image; tests/e2e/share.spec.ts checks
// that every line of every case image is text on its page. No photo, no body text, no name.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import satori, { type Font } from 'satori';
import { Resvg } from '@resvg/resvg-js';
import { formatDate } from './shared/dates.ts';
import type { PublicityCase } from './schema/case.ts';
import { siteNameOf, type SiteInfo as Site } from './schema/site.ts';

export const SHARE_IMAGE_WIDTH = 1200;
export const SHARE_IMAGE_HEIGHT = 630;

/** The site's name as every page's header and title show it. */

/** The words the sample banner and footer of every page carry, marked on every image of the sample too. */
export const SAMPLE_MARK = '示例数据';

/** What a share image says, line by line: each one is text on the page the image is for. */
export interface ShareCard {
  /** Small label above the title (a case's category). */
  label?: string;
  title: string;
  /** Lines under the title (court, date). */
  details: string[];
  siteName: string;
  sample: boolean;
}

export const shareImagePath = (c: Pick<PublicityCase, 'slug'>) => `/cases/${c.slug}/share.png`;
export const SITE_SHARE_IMAGE_PATH = '/share.png';

/** A case's card: its category, title, court and date exactly as its page prints them. */
export function shareCardOfCase(c: Pick<PublicityCase, 'title' | 'court' | 'date' | 'category'>, site: Pick<Site, 'city' | 'sampleData'>): ShareCard {
  return { label: c.category, title: c.title, details: [c.court, formatDate(c.date)], siteName: siteNameOf(site), sample: site.sampleData === true };
}

/** The site-wide card, for every indexable page without its own image. */
export function shareCardOfSite(site: Pick<Site, 'city' | 'sampleData'>): ShareCard {
  return { title: siteNameOf(site), details: [], siteName: siteNameOf(site), sample: site.sampleData === true };
}

/** Every string a card draws (for the check that each is on the page). */
export function shareCardLines(card: ShareCard): string[] {
  return [...(card.label ? [card.label] : []), card.title, ...card.details, card.siteName, ...(card.sample ? [SAMPLE_MARK] : [])];
}

// ---- Fonts ----------------------------------------------------------------------------------
// Noto Sans SC comes split by unicode-range into about a hundred subsets per weight (as Google
// Fonts serves it); the .woff files are used, which satori parses as they are. Only the subsets
// holding a card's characters are read, each once per process (satori keeps what it parsed per
// buffer): a case title needs a dozen files of 20–60 kB, not 10 MB.

const require = createRequire(import.meta.url);
const FONT_DIR = path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));
const WEIGHTS = [400, 700] as const;
type Weight = (typeof WEIGHTS)[number];

interface Subset {
  file: string;
  ranges: [number, number][];
}

let subsets: Subset[] | undefined;
function fontSubsets(): Subset[] {
  if (!subsets) {
    const unicode = JSON.parse(readFileSync(path.join(FONT_DIR, 'unicode.json'), 'utf8')) as Record<string, string>;
    subsets = Object.entries(unicode).map(([key, ranges]) => ({
      file: key.replace(/^\[(\d+)\]$/, '$1'),
      ranges: ranges.split(',').map((r) => {
        const [from, to = from] = r.trim().replace(/^U\+/i, '').split('-');
        return [parseInt(from!, 16), parseInt(to!, 16)] as [number, number];
      }),
    }));
  }
  return subsets;
}

const fontFiles = new Map<string, Buffer>();
function fontFile(subset: string, weight: Weight): Buffer {
  const file = path.join(FONT_DIR, 'files', `noto-sans-sc-${subset}-${weight}-normal.woff`);
  let data = fontFiles.get(file);
  if (!data) fontFiles.set(file, (data = readFileSync(file)));
  return data;
}

/** The font subsets a text needs, in both weights, and the characters no subset has. */
export function fontsFor(text: string): { fonts: Font[]; families: string; missing: string[] } {
  const needed = new Set<string>();
  const missing: string[] = [];
  for (const char of new Set(text)) {
    const code = char.codePointAt(0)!;
    if (code <= 0x20) continue;
    const subset = fontSubsets().find((s) => s.ranges.some(([from, to]) => code >= from && code <= to));
    if (subset) needed.add(subset.file);
    else missing.push(char);
  }
  // satori takes one font per family and weight: each subset is a family of its own, all listed.
  const names = [...needed].sort();
  const fonts = names.flatMap((subset) => WEIGHTS.map((weight): Font => ({ name: `Noto Sans SC ${subset}`, data: fontFile(subset, weight), weight, style: 'normal' })));
  return { fonts, families: names.map((n) => `'Noto Sans SC ${n}'`).join(', '), missing };
}

// ---- Drawing --------------------------------------------------------------------------------

// Colours of site/styles/global.css (brand-700, stone-600, stone-900).
const BRAND = '#912018';
const MUTED = '#57534e';
const INK = '#1c1917';

type Node = { type: string; props: { style?: Record<string, unknown>; children?: Node | Node[] | string } };
const box = (style: Record<string, unknown>, children: Node | Node[] | string): Node => ({ type: 'div', props: { style: { display: 'flex', ...style }, children } });

function layout(card: ShareCard, families: string): Node {
  const titleSize = card.title.length > 40 ? 52 : card.title.length > 24 ? 60 : 72;
  return box({ width: '100%', height: '100%', flexDirection: 'column', backgroundColor: '#ffffff', fontFamily: families }, [
    box({ backgroundColor: BRAND, color: '#ffffff', padding: '28px 64px', fontSize: 34, fontWeight: 700, justifyContent: 'space-between', alignItems: 'center' }, [
      box({}, card.siteName),
      ...(card.sample ? [box({ backgroundColor: '#fef3c7', color: '#451a03', fontSize: 26, padding: '4px 16px', borderRadius: 8 }, SAMPLE_MARK)] : []),
    ]),
    box({ flexDirection: 'column', flexGrow: 1, padding: '48px 64px', justifyContent: 'center' }, [
      ...(card.label ? [box({ color: BRAND, fontSize: 30, fontWeight: 700, marginBottom: 20 }, card.label)] : []),
      // Long titles are cut after three lines; what is left is still the page's own text.
      box({ color: INK, fontSize: titleSize, fontWeight: 700, lineHeight: 1.3, display: 'block', lineClamp: 3 }, card.title),
    ]),
    box({ padding: '0 64px 48px', color: MUTED, fontSize: 32, flexWrap: 'wrap', gap: 40 }, card.details.map((d) => box({}, d))),
  ]);
}

/** The PNG of a card, 1200×630. Characters no shipped font has are drawn as blanks and listed. */
export async function renderShareImage(card: ShareCard): Promise<{ png: Buffer; missing: string[] }> {
  // The ellipsis ends a title cut after three lines.
  const { fonts, families, missing } = fontsFor(`${shareCardLines(card).join('')}…`);
  const svg = await satori(layout(card, families) as never, { width: SHARE_IMAGE_WIDTH, height: SHARE_IMAGE_HEIGHT, fonts });
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: SHARE_IMAGE_WIDTH }, font: { loadSystemFonts: false } }).render().asPng();
  return { png: Buffer.from(png), missing };
}

/** The build log's line when a card holds characters the shipped font lacks (drawn blank). */
export function missingGlyphsWarning(what: string, missing: readonly string[]): string {
  const codes = missing.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join('、');
  return `${what} 的分享图片：字体 Noto Sans SC 没有字符 ${codes}，这些字符在图片中留空；页面文字不受影响。如需完整显示，请改用常用字写法。`;
}
