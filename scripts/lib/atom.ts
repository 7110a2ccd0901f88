// Minimal Atom 1.0 (RFC 4287) writer for the case and change feeds. Every feed names its
// author (§4.1.1: required on the feed unless every entry has one) and links to itself.
import { siteNameOf } from './schema/site.ts';
export interface AtomEntry { id: string; title: string; updated: string; link: string; summary: string; category?: string }
export interface AtomPerson { name: string; uri?: string }

const escape = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

export function atomFeed(feed: { id: string; title: string; self: string; alternate: string; updated: string; author: AtomPerson; entries: AtomEntry[] }): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escape(feed.id)}</id>
  <title>${escape(feed.title)}</title>
  <updated>${feed.updated}</updated>
  <author>
    <name>${escape(feed.author.name)}</name>${feed.author.uri ? `
    <uri>${escape(feed.author.uri)}</uri>` : ''}
  </author>
  <link rel="self" type="application/atom+xml" href="${escape(feed.self)}"/>
  <link rel="alternate" type="text/html" href="${escape(feed.alternate)}"/>
${feed.entries.map((e) => `  <entry>
    <id>${escape(e.id)}</id>
    <title>${escape(e.title)}</title>
    <updated>${e.updated}</updated>
    <link rel="alternate" type="text/html" href="${escape(e.link)}"/>${e.category ? `
    <category term="${escape(e.category)}"/>` : ''}
    <summary>${escape(e.summary)}</summary>
  </entry>`).join('\n')}
</feed>
`;
}

/** The site as the author of its feeds: every feed names the same publisher. */
export function feedAuthor(city: string, site: URL | string): AtomPerson {
  return { name: siteNameOf({ city }), uri: new URL('/', site).href };
}

/**
 * A change feed's `updated` (RFC 4287 §4.2.15: the last significant change to the feed): when
 * its latest event was recorded, not when it was built, so that a publication with no new
 * event leaves the feed byte for byte as it is live. A feed with no event yet has the epoch.
 */
export function feedUpdated(events: readonly { recordedAt: string }[]): string {
  return events.at(-1)?.recordedAt ?? '1970-01-01T00:00:00.000Z';
}
