// The HTTP security policy of every page, in one place: serve.ts sends it, the release's
// `_headers` and deploy/nginx.conf carry it, and Base.astro repeats what a <meta> can hold
// (a static host that sends no headers still gets CSP and the referrer policy).
//
// No inline script is allowed: Astro emits every page script as a file under /_astro/, so
// 'self' is enough and a case text that smuggled markup past the sanitiser still cannot run.
// Inline styles stay allowed: Astro and Tailwind emit some, and a style runs no code.

/** Content-Security-Policy directives, in order. `frame-ancestors` is ignored in a <meta>. */
const CSP_DIRECTIVES: readonly [string, string][] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  // The check page's XLSX reader (fflate, inside read-excel-file) unzips a large file in workers it
  // makes from blob: URLs; only the page's own script can make one. Without it such a file never loads.
  ['worker-src', "'self' blob:"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
];

const META_IGNORED = new Set(['frame-ancestors']);

/**
 * The search page runs Pagefind (the full-text section, site/browser/fulltext-client.ts), which
 * compiles its WebAssembly from bytes it fetched: that needs 'wasm-unsafe-eval', which allows
 * compiling WebAssembly and nothing else (no eval, no inline script). Only that page gets it.
 */
export const WASM_PAGES: readonly string[] = ['/search/'];

function directives(wasm: boolean): [string, string][] {
  return CSP_DIRECTIVES.map(([k, v]) => [k, wasm && k === 'script-src' ? `${v} 'wasm-unsafe-eval'` : v]);
}

const policy = (wasm: boolean, meta: boolean) =>
  directives(wasm)
    .filter(([k]) => !meta || !META_IGNORED.has(k))
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');

const CONTENT_SECURITY_POLICY = policy(false, false);

/** The same policy for <meta http-equiv>, without the directives browsers ignore there. */
export const CONTENT_SECURITY_POLICY_META = policy(false, true);

/** The <meta> policy of a page: with `wasm`, the search page's. */
export function contentSecurityPolicyMeta({ wasm = false }: { wasm?: boolean } = {}): string {
  return policy(wasm, true);
}

/** A typed search query lives in the URL: no request may carry it to anyone in a Referer. */
export const REFERRER_POLICY = 'no-referrer';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Referrer-Policy': REFERRER_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** The headers of the pages in WASM_PAGES: the same, with WebAssembly allowed to compile. */
export const WASM_PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = { ...SECURITY_HEADERS, 'Content-Security-Policy': policy(true, false) };

/** The headers for a request path, however the page is spelled: /search, /search/ or /search/index.html. */
export function securityHeadersFor(urlPath: string): Readonly<Record<string, string>> {
  const page = urlPath.replace(/\/index\.html$/, '/').replace(/\/?$/, '/');
  return WASM_PAGES.includes(page) ? WASM_PAGE_SECURITY_HEADERS : SECURITY_HEADERS;
}
