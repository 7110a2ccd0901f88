import type { APIRoute } from 'astro';
import { pathsOf, state } from '../../../lib/state';
import { casesFeed, type CaseCategory } from '../../../../scripts/lib/cases.ts';

// One feed per category, empty ones included, so a subscription never ends in a 404.
export const getStaticPaths = () => pathsOf('cases/feed/[category].atom');

export const GET: APIRoute = ({ site, props }) => {
  const s = state();
  return new Response(casesFeed(s, site!, (props as { category: CaseCategory }).category), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
