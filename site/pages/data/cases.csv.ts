import type { APIRoute } from 'astro';
import { state } from '../../lib/state';
import { casesCsv } from '../../../scripts/lib/cases.ts';

export const GET: APIRoute = ({ site }) => new Response(casesCsv(state().cases, site!), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
