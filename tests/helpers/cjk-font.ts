// This machine and CI have no Chinese font: Chinese text would be measured in narrow fallback
// boxes and a layout that overflows a real phone would pass. Pages under test get Noto Sans SC
// (from npm), first in the site's font stack, served by the test itself.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { ROOT } from './build-fixture.ts';

const FONT_DIR = path.join(ROOT, 'node_modules/@fontsource/noto-sans-sc');
const PREFIX = '/__test-cjk-font/';

let css: Promise<string> | undefined;
const fontCss = () =>
  (css ??= Promise.all(['400.css', '700.css'].map((f) => readFile(path.join(FONT_DIR, f), 'utf8'))).then((parts) =>
    // 500 and 600 (font-medium, font-semibold) use the nearest of these two weights.
    parts.join('\n').replaceAll('url(./files/', `url(${PREFIX}files/`) + `\n:root { --font-sans: 'Noto Sans SC', sans-serif; }\n`,
  ));

/** Every page of this context gets the font, before its first paint. */
export async function useChineseFont(target: BrowserContext | Page): Promise<void> {
  await target.route(`**${PREFIX}**`, async (route) => {
    const url = new URL(route.request().url());
    const name = url.pathname.slice(PREFIX.length);
    if (name === 'fonts.css') return route.fulfill({ contentType: 'text/css', body: await fontCss() });
    if (!/^files\/[\w-]+\.woff2?$/.test(name)) return route.fulfill({ status: 404 });
    return route.fulfill({ contentType: 'font/woff2', body: await readFile(path.join(FONT_DIR, name)) });
  });
  await target.addInitScript((href) => {
    const add = () => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      document.head.append(link);
    };
    if (document.head) add();
    else document.addEventListener('DOMContentLoaded', add, { once: true });
  }, `${PREFIX}fonts.css`);
}

/** Waits until the Chinese glyphs on the page have loaded (font-display: swap would measure the fallback first). */
export async function fontsReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await Promise.all([...document.fonts].filter((f) => f.family.includes('Noto Sans SC') && f.status === 'loading').map((f) => f.loaded.catch(() => null)));
  });
}
