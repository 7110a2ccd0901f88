// An Astro integration: the pages a person searches from name, in their <head>, every script
// chunk their scripts import (<link rel="modulepreload">). The bundler does not hoist a chunk's
// imports into the page's own script tags, so without this the browser learns of the shared
// chunk only once the page scripts have arrived: one more round trip (0.6 s on Fast 3G) before
// the home page can search. Only these few pages: patching 100,000 entry pages would cost the
// build more than it saves anyone.
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pages (relative to the output folder) whose script chunks are preloaded. */
export const PRELOADED_PAGES = ['index.html', 'search/index.html'];

const PAGE_SCRIPT = /<script type="module" src="(\/_astro\/[^"]+\.js)"/g;
/** Static imports in a bundled chunk: `from"./x.js"` and `import"./x.js"`. */
const CHUNK_IMPORT = /(?:\bfrom|\bimport)\s*["']\.\/([^"'/]+\.js)["']/g;

/** Every chunk the page's scripts import, directly or through other chunks, as site paths. `outDir`: where the chunks are. */
export async function importedChunks(outDir: string, html: string): Promise<string[]> {
  const scripts = [...html.matchAll(PAGE_SCRIPT)].map((m) => m[1]!);
  const seen = new Set(scripts);
  const found: string[] = [];
  const queue = [...scripts];
  while (queue.length) {
    const src = queue.shift()!;
    const file = path.join(outDir, src);
    if (!existsSync(file)) continue;
    const code = await readFile(file, 'utf8');
    for (const m of code.matchAll(CHUNK_IMPORT)) {
      const dep = path.posix.join(path.posix.dirname(src), m[1]!);
      if (seen.has(dep)) continue;
      seen.add(dep);
      found.push(dep);
      queue.push(dep);
    }
  }
  return found;
}

/** `assets`: the folder that holds /_astro/ (a patch rendered with a kept renderer writes none; kept-renderer.ts). */
export async function addModulePreloads(outDir: string, pages = PRELOADED_PAGES, assets = outDir): Promise<void> {
  for (const page of pages) {
    const file = path.join(outDir, page);
    if (!existsSync(file)) continue;
    const html = await readFile(file, 'utf8');
    const links = (await importedChunks(assets, html))
      .filter((href) => !html.includes(`<link rel="modulepreload" href="${href}"`))
      .map((href) => `<link rel="modulepreload" href="${href}">`);
    if (links.length) await writeFile(file, html.replace('</head>', `${links.join('')}</head>`));
  }
}

export default function modulePreload() {
  return {
    name: 'gongshi-modulepreload',
    hooks: {
      'astro:build:done': async ({ dir }: { dir: URL }) => addModulePreloads(fileURLToPath(dir)),
    },
  };
}
