// Files a served deployment reads beside the pages: the delisted URLs, as 410 Gone rules, and
// the security headers (scripts/lib/security-headers.ts) for hosts configured by a file.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildState } from './build-state.ts';
import { SECURITY_HEADERS, WASM_PAGE_SECURITY_HEADERS, WASM_PAGES } from './security-headers.ts';
import { entryPath } from './shared/urls.ts';

/**
 * Netlify / Cloudflare Pages `_headers`: every path gets the policy; the search page (WASM_PAGES)
 * gets its own, and the two must not be sent together (a browser would enforce both, and the
 * stricter would win). Cloudflare Pages sends both unless the page's rule detaches the first
 * (`! Content-Security-Policy`). Netlify skips a line without a colon (headers-parser's
 * line_parser), so it ignores that line; its CLI gives a header matched by two rules the later
 * rule's value (headersForPath), hence the page's rule comes after `/*`. What Netlify's own
 * servers do there is not documented: check `/search/` once on a deploy preview.
 */
export function headersFile(): string {
  const wasmPolicy = WASM_PAGE_SECURITY_HEADERS['Content-Security-Policy'];
  const wasmPages = WASM_PAGES.flatMap((page) => [page, `${page}index.html`])
    .map((page) => `${page}\n  ! Content-Security-Policy\n  Content-Security-Policy: ${wasmPolicy}\n`)
    .join('');
  return `/*\n${Object.entries(SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}\n`).join('')}${wasmPages}`;
}

/**
 * nginx `add_header` lines for the policy, `always` so that error pages (404, 410) carry it
 * too. nginx drops the server's add_header in any location with its own, so every such location
 * includes these lines again (deploy/nginx.conf, and the 410 location below).
 */
export function nginxSecurityHeaders(indent = '', headers: Readonly<Record<string, string>> = SECURITY_HEADERS): string {
  return Object.entries(headers).map(([name, value]) => `${indent}add_header ${name} "${value}" always;\n`).join('');
}

/**
 * Lets a static host answer 410 Gone for entries that left the list, with the notice page as
 * body. nginx decodes `%xx`, merges slashes and resolves dot segments before it matches a
 * location, so the three spellings left to cover are with and without the slash and with
 * `index.html`.
 */
export async function writeDeploymentFiles(release: string, state: BuildState): Promise<void> {
  const urls = state.gone.map((g) => entryPath(g.id));
  await writeFile(path.join(release, '_gone.json'), JSON.stringify(urls));
  await writeFile(path.join(release, '_redirects'), urls.map((u) => `${u} ${u}index.html 410`).join('\n') + '\n');
  await writeFile(path.join(release, '_headers'), headersFile());
  const spellings = (u: string) => [u.slice(0, -1), u, `${u}index.html`];
  await writeFile(
    path.join(release, 'nginx-gone.conf'),
    '# include inside the server block that serves this release\n' +
      // The notice page is the body; the 410 stays (error_page to a named location keeps the status).
      `error_page 410 @gone;\nlocation @gone {\n  try_files $uri/index.html $uri =404;\n  add_header Cache-Control "no-cache" always;\n${nginxSecurityHeaders('  ')}}\n` +
      `${urls.flatMap((u) => spellings(u).map((s) => `location = ${s} { return 410; }`)).join('\n')}\n`,
  );
}
