// A structural Atom validator for tests, offline: the rules of RFC 4287 our feeds must meet.
// Returns the problems found (empty: valid). Well-formedness is checked by a tag stack, the
// structure through linkedom's XML DOM.
import { DOMParser } from 'linkedom';

const ATOM_NS = 'http://www.w3.org/2005/Atom';
/** RFC 3339 date-time (§3.3): full date, time, seconds, optional fraction, Z or an offset. */
const RFC3339 = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

type Node = { tagName: string; children: Iterable<Node>; textContent: string | null; getAttribute(name: string): string | null };

function wellFormed(xml: string): string[] {
  const problems: string[] = [];
  if (!xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')) problems.push('no XML declaration');
  const body = xml.replace(/<\?xml[^?]*\?>/, '');
  const stack: string[] = [];
  for (const [tag, closing, name, selfClosing] of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)(?:\s+[\w:.-]+="[^"<]*")*\s*(\/?)>/g)) {
    if (closing) {
      if (stack.pop() !== name) problems.push(`unbalanced ${tag}`);
    } else if (!selfClosing) stack.push(name!);
  }
  if (stack.length) problems.push(`unclosed ${stack.join(', ')}`);
  // Any "<" must start a tag, any "&" an entity.
  const stripped = body.replace(/<(\/?)([A-Za-z_][\w:.-]*)(?:\s+[\w:.-]+="[^"<]*")*\s*(\/?)>/g, '');
  if (/</.test(stripped)) problems.push('a "<" outside a tag');
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(body)) problems.push('an unescaped "&"');
  return problems;
}

const kids = (node: Node, name: string) => [...node.children].filter((c) => c.tagName === name);
const isIri = (value: string) => {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
};

function common(node: Node, where: string, problems: string[]): void {
  for (const name of ['id', 'title', 'updated']) {
    const found = kids(node, name);
    if (found.length !== 1) problems.push(`${where}: ${found.length} <${name}> (exactly one required)`);
  }
  const id = kids(node, 'id')[0]?.textContent?.trim() ?? '';
  if (!isIri(id)) problems.push(`${where}: <id> "${id}" is not an absolute IRI`);
  const updated = kids(node, 'updated')[0]?.textContent?.trim() ?? '';
  if (!RFC3339.test(updated) || Number.isNaN(Date.parse(updated))) problems.push(`${where}: <updated> "${updated}" is not an RFC 3339 date-time`);
  for (const link of kids(node, 'link')) {
    const href = link.getAttribute('href') ?? '';
    if (!isIri(href)) problems.push(`${where}: <link href="${href}"> is not an absolute IRI`);
  }
  const alternates = kids(node, 'link').filter((l) => (l.getAttribute('rel') ?? 'alternate') === 'alternate').map((l) => `${l.getAttribute('type')}|${l.getAttribute('hreflang')}`);
  if (new Set(alternates).size !== alternates.length) problems.push(`${where}: two rel=alternate links with one type and hreflang`);
  for (const author of kids(node, 'author')) {
    if (kids(author, 'name').length !== 1 || !kids(author, 'name')[0]!.textContent?.trim()) problems.push(`${where}: <author> without exactly one non-empty <name>`);
  }
}

export function atomProblems(xml: string): string[] {
  const problems = wellFormed(xml);
  const feed = new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as Node;
  if (feed.tagName !== 'feed') return [...problems, `root is <${feed.tagName}>, not <feed>`];
  if (feed.getAttribute('xmlns') !== ATOM_NS) problems.push('the feed is not in the Atom namespace');
  common(feed, 'feed', problems);
  if (!kids(feed, 'link').some((l) => l.getAttribute('rel') === 'self')) problems.push('feed: no <link rel="self">');
  const entries = kids(feed, 'entry');
  if (kids(feed, 'author').length === 0 && entries.some((e) => kids(e, 'author').length === 0)) problems.push('feed: no <author>, and not every entry has one (§4.1.1)');
  const ids = new Set<string>();
  entries.forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    common(entry, where, problems);
    const id = kids(entry, 'id')[0]?.textContent?.trim() ?? '';
    if (ids.has(id)) problems.push(`${where}: id ${id} repeated`);
    ids.add(id);
    const hasAlternate = kids(entry, 'link').some((l) => (l.getAttribute('rel') ?? 'alternate') === 'alternate');
    if (!hasAlternate && kids(entry, 'content').length === 0) problems.push(`${where}: neither <content> nor <link rel="alternate"> (§4.1.1.1)`);
  });
  return problems;
}
