// Case bodies (content/cases/*.md) are data from outside: whatever HTML they hold, raw or
// produced by Markdown, passes an allowlist before it reaches a page. marked renders the
// Markdown; sanitize-html (a maintained sanitiser, not our own regexes) keeps only the
// elements a case text needs. Every page or feed that shows a case body calls this one function.
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// Our own instance: a global `marked.use()` elsewhere cannot change how case bodies render.
const markdown = new Marked({ gfm: true, breaks: false, async: false });

const EXTERNAL = /^https?:/i;

const POLICY: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'em', 'strong', 'del', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'code', 'pre', 'br', 'hr', 'a'],
  allowedAttributes: { a: ['href', 'title', 'rel'], th: ['align'], td: ['align'], ol: ['start'] },
  // Links to the web or within the site only: no javascript:, data:, vbscript:, mailto:, …
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  // `//host/path` leaves the site while looking relative: dropped.
  allowProtocolRelative: false,
  allowedClasses: {},
  allowedStyles: {},
  // Content of these never shows as text either (the defaults, plus frames and SVG).
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template'],
  disallowedTagsMode: 'discard',
  // The page's own <h1> is the case title: a body heading starts at level 2.
  transformTags: {
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    b: 'strong',
    i: 'em',
    s: 'del',
    a: (tagName, attribs) => {
      const { rel: _ignored, ...rest } = attribs;
      // A link out of the site tells the other site nothing and gains nothing from us.
      return { tagName, attribs: rest.href && EXTERNAL.test(rest.href.trim()) ? { ...rest, rel: 'nofollow noopener noreferrer' } : rest };
    },
  },
};

/** A case body's Markdown as HTML that is safe to insert into a page. */
export function renderCaseMarkdown(body: string): string {
  const html = markdown.parse(body, { async: false });
  return sanitizeHtml(html, POLICY);
}
