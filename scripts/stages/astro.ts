// Stage: render every page with Astro from the published state (GONGSHI_STATE).
import { build } from 'astro';
import { reportStage } from '../lib/stage.ts';

process.env.ASTRO_TELEMETRY_DISABLED = '1';
await build({ root: new URL('../../', import.meta.url).pathname, logLevel: process.env.GONGSHI_QUIET ? 'warn' : 'info' });
await reportStage({ ok: true });
process.exit(0);
