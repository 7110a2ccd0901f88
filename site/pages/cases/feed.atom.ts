import type { APIRoute } from 'astro';
import { state } from '../../lib/state';
import { atomFeed } from '../../../scripts/lib/atom.ts';

export const GET: APIRoute = ({ site }) => {
  const { cases, builtAt, site: info } = state();
  // The newest case's date, not the build time: the feed changes when a case does, not daily.
  const newest = cases.map((c) => c.date).sort().at(-1);
  const url = (p: string) => new URL(p, site).href;
  return new Response(
    atomFeed({
      id: url('/cases/'),
      title: `${info.city}失信被执行人典型案例`,
      self: url('/cases/feed.atom'),
      alternate: url('/cases/'),
      updated: newest ? `${newest}T00:00:00+08:00` : builtAt,
      entries: cases.map((c) => ({ id: url(`/cases/${c.slug}/`), title: `【${c.category}】${c.title}`, updated: `${c.date}T00:00:00+08:00`, link: url(`/cases/${c.slug}/`), summary: c.summary })),
    }),
    { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } },
  );
};
