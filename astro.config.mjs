// @ts-check
import { defineConfig } from 'astro/config';
import tailwindcss from '@tailwindcss/vite';
import { SITE_URL } from './scripts/lib/site-url.ts';
import modulePreload from './scripts/lib/astro-modulepreload.ts';

// The build script (scripts/build.ts) sets these; `astro dev` falls back to the sample state.
const outDir = process.env.GONGSHI_ASTRO_OUT ?? 'dist/astro-dev';
// Vite's and Astro's caches, one per output folder (scripts/lib/release.ts), so that concurrent
// builds never write the same one. (No render cache: see `experimental` below.)
const cacheDir = process.env.GONGSHI_ASTRO_CACHE ?? 'node_modules/.astro';

export default defineConfig({
  srcDir: 'site',
  publicDir: 'site/public',
  outDir,
  cacheDir,
  output: 'static',
  site: SITE_URL,
  trailingSlash: 'always',
  build: { format: 'directory' },
  // Astro 7's default ("jsx") strips whitespace between elements and glues words together.
  compressHTML: false,
  devToolbar: { enabled: false },
  integrations: [modulePreload()],
  // No render cache: a publication renders only the outputs whose data changed (the planner,
  // scripts/lib/plan.ts) and applies them to the live release; everything is rendered only
  // when the code changed, when no cache would hold.
  vite: {
    plugins: [tailwindcss()],
    // A publication is a build, never a dev server: the dependency pre-bundler (a dev server's
    // cache) found its config changed on every run and bundled the dependencies again, seconds
    // of every delisting. `astro dev` keeps it.
    ...(process.env.GONGSHI_ASTRO_OUT ? { optimizeDeps: { noDiscovery: true, include: [] } } : {}),
    // Astro inlines a small page script into the HTML; the Content-Security-Policy allows no
    // inline script (scripts/lib/security-headers.ts), so every script stays a file.
    build: {
      assetsInlineLimit: (file) => (/\.[cm]?js$/.test(file) ? false : undefined),
      // The code pages share (the search engine, query, rules, dates) goes into one chunk: the
      // bundler does not hoist a chunk's own imports into the page script, so each further
      // chunk would be one more round trip before the home page can search (0.6 s on Fast 3G).
      rollupOptions: { output: { codeSplitting: { groups: [{ name: 'shared', test: /[\\/](scripts[\\/]lib[\\/]shared|site[\\/]browser[\\/]search-client)/ }] } } },
    },
  },
});
