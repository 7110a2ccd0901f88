import type { APIRoute } from 'astro';
import { state } from '../../lib/state';
import { casesJson } from '../../../scripts/lib/cases.ts';

// An endpoint, unlike the list's exports (scripts/lib/exports.ts): cases are few and a delisting never changes them.
export const GET: APIRoute = ({ site }) => new Response(casesJson(state(), site!), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
