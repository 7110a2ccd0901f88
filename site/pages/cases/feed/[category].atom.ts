import type { APIRoute } from 'astro';
import { state } from '../../../lib/state';
import { CASE_CATEGORIES } from '../../../../scripts/lib/schema/case.ts';
import { CATEGORY_SLUGS, casesFeed, type CaseCategory } from '../../../../scripts/lib/cases.ts';

// One feed per category, empty ones included, so a subscription never ends in a 404.
export function getStaticPaths() {
  return CASE_CATEGORIES.map((category) => ({ params: { category: CATEGORY_SLUGS[category] }, props: { category } }));
}

export const GET: APIRoute = ({ site, props }) => {
  const s = state();
  return new Response(casesFeed(s, site!, s.builtAt, (props as { category: CaseCategory }).category), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
