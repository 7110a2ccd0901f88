import type { APIRoute } from 'astro';
import { state } from '../../lib/state';
import { casesFeed } from '../../../scripts/lib/cases.ts';

export const GET: APIRoute = ({ site }) => {
  const s = state();
  // The newest case's date, not the build time: the feed changes when a case does, not daily (casesFeed).
  return new Response(casesFeed(s, site!), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
