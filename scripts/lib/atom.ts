// Minimal Atom 1.0 writer for the case and change feeds.
export interface AtomEntry { id: string; title: string; updated: string; link: string; summary: string }

const escape = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

export function atomFeed(feed: { id: string; title: string; self: string; alternate: string; updated: string; entries: AtomEntry[] }): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escape(feed.id)}</id>
  <title>${escape(feed.title)}</title>
  <updated>${feed.updated}</updated>
  <link rel="self" href="${escape(feed.self)}"/>
  <link rel="alternate" href="${escape(feed.alternate)}"/>
${feed.entries.map((e) => `  <entry>
    <id>${escape(e.id)}</id>
    <title>${escape(e.title)}</title>
    <updated>${e.updated}</updated>
    <link href="${escape(e.link)}"/>
    <summary>${escape(e.summary)}</summary>
  </entry>`).join('\n')}
</feed>
`;
}
