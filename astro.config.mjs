// @ts-check
import { defineConfig } from 'astro/config';
import tailwindcss from '@tailwindcss/vite';

// The build script (scripts/build.ts) sets these; `astro dev` falls back to the sample state.
const outDir = process.env.GONGSHI_ASTRO_OUT ?? 'dist/astro-dev';

export default defineConfig({
  srcDir: 'site',
  publicDir: 'site/public',
  outDir,
  output: 'static',
  site: process.env.GONGSHI_SITE_URL ?? 'http://127.0.0.1:4321',
  trailingSlash: 'always',
  build: { format: 'directory' },
  // Astro 7's default ("jsx") strips whitespace between elements and glues words together.
  compressHTML: false,
  devToolbar: { enabled: false },
  vite: { plugins: [tailwindcss()] },
});
