import type { APIRoute } from 'astro';
import { state } from '../../lib/state';

/** Traditional → simplified for the characters in indexed names (a few KB, fetched only for Han queries). */
export const GET: APIRoute = () => new Response(JSON.stringify(state().traditionalToSimplified), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
