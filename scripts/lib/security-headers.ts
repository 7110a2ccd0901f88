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

const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.map(([k, v]) => `${k} ${v}`).join('; ');

/** The same policy for <meta http-equiv>, without the directives browsers ignore there. */
export const CONTENT_SECURITY_POLICY_META = CSP_DIRECTIVES.filter(([k]) => !META_IGNORED.has(k))
  .map(([k, v]) => `${k} ${v}`)
  .join('; ');

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
