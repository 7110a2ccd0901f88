// Stage: render every page with Astro from the published state (GONGSHI_STATE).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'astro';
import { reportStage } from '../lib/stage.ts';
import { processAlive } from '../lib/release.ts';

process.env.ASTRO_TELEMETRY_DISABLED = '1';
// Astro stages server chunks in <cwd>/.astro/.prerender when the output folder is outside the
// working directory: two builds at once (watch and a manual build, a test and a benchmark)
// would overwrite each other's chunks. Each build gets a working folder of its own inside the
// project, where the chunks still resolve their packages from node_modules.
const root = new URL('../../', import.meta.url).pathname;
const own = path.join(root, '.astro', `build-${process.pid}`);
mkdirSync(own, { recursive: true });
// Folders of builds that were killed outright (kill -9 leaves no time to clean up).
for (const dir of readdirSync(path.join(root, '.astro'), { withFileTypes: true }).filter((d) => d.isDirectory())) {
  const pid = /^build-(\d+)$/.exec(dir.name)?.[1];
  if (pid && !processAlive(Number(pid))) rmSync(path.join(root, '.astro', dir.name), { recursive: true, force: true });
}
process.chdir(own);
try {
  await build({ root, logLevel: process.env.GONGSHI_QUIET ? 'warn' : 'info' });
} finally {
  rmSync(own, { recursive: true, force: true });
}
await reportStage({ ok: true });
process.exit(0);
