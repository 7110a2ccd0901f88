// Each table of /stats/ as CSV: the rows the page shows beside its chart, nothing more.
import type { APIRoute } from 'astro';
import { pathsOf } from '../../lib/state';
import { statTableCsv, type StatTable } from '../../../scripts/lib/stats.ts';

export const getStaticPaths = () => pathsOf('stats/[table].csv');

export const GET: APIRoute = ({ props }) =>
  new Response(statTableCsv((props as { table: StatTable }).table), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
