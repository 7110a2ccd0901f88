// Each table of /stats/ as CSV: the rows the page shows beside its chart, nothing more.
import type { APIRoute, GetStaticPaths } from 'astro';
import { state } from '../../lib/state';
import { statTableCsv, statTables, type StatTable } from '../../../scripts/lib/stats.ts';

export const getStaticPaths = (() => statTables(state().stats).map((table) => ({ params: { table: table.slug }, props: { table } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(statTableCsv((props as { table: StatTable }).table), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
