// Stage: render every page with Astro from the published state (GONGSHI_STATE).
//
// With GONGSHI_RENDERER (rendererVersion) and GONGSHI_RENDERER_CACHE (release.ts keptRenderers):
// when a renderer kept for this version is there whole and the plan is a patch, the planned
// paths are rendered with it (kept-renderer.ts), without Vite; otherwise Astro's full build
// runs, and keeps its renderer for the next patch.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'astro';
import { reportStage } from '../lib/stage.ts';
import { processAlive } from '../lib/release.ts';
import { keepRenderer, keptRenderer, keptRendererKey, renderWithKept, type AstroStageResult } from '../lib/kept-renderer.ts';

process.env.ASTRO_TELEMETRY_DISABLED = '1';
const quiet = Boolean(process.env.GONGSHI_QUIET);
// Astro stages server chunks in <cwd>/.astro/.prerender when the output folder is outside the
// working directory: two builds at once (watch and a manual build, a test and a benchmark)
// would overwrite each other's chunks. Each build gets a working folder of its own inside the
// project, where the chunks still resolve their packages from node_modules. A kept renderer's
// chunks run from a folder of their own too (at the same depth, so that they resolve alike),
// apart from the build's: a build after a failed kept render must not import the kept chunks.
const root = new URL('../../', import.meta.url).pathname;
const own = path.join(root, '.astro', `build-${process.pid}`);
const keptWork = path.join(root, '.astro', `kept-${process.pid}`);
mkdirSync(own, { recursive: true });
// Folders of builds that were killed outright (kill -9 leaves no time to clean up).
for (const dir of readdirSync(path.join(root, '.astro'), { withFileTypes: true }).filter((d) => d.isDirectory())) {
  const pid = /^(?:build|kept)-(\d+)$/.exec(dir.name)?.[1];
  if (pid && !processAlive(Number(pid))) rmSync(path.join(root, '.astro', dir.name), { recursive: true, force: true });
}

/** Whether the plan (written whole by the publisher, once it has decided) is a patch: only a patch's plan carries its outputs. */
async function planIsPatch(file: string | undefined): Promise<boolean> {
  if (!file) return false;
  const parent = process.ppid;
  for (;;) {
    try {
      return Boolean((JSON.parse(await readFile(file, 'utf8')) as { outputs?: unknown }).outputs);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || process.ppid !== parent) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const out = process.env.GONGSHI_ASTRO_OUT;
const keptFolder = process.env.GONGSHI_RENDERER_CACHE;
const key = process.env.GONGSHI_RENDERER && keptFolder ? await keptRendererKey(process.env.GONGSHI_RENDERER) : null;
let used: AstroStageResult['renderer'] = 'built';
try {
  const kept = key && keptFolder && out ? await keptRenderer(keptFolder, key) : null;
  // A release writes the browser's files and the public folder too: only a patch is rendered with a kept renderer.
  if (kept && out && (await planIsPatch(process.env.GONGSHI_PLAN))) {
    try {
      const files = await renderWithKept(kept, keptWork, out, quiet);
      used = 'kept';
      if (!quiet) console.log(`渲染器未变：以保留的渲染器写出 ${files} 个文件（未重新打包）。`);
    } catch (error) {
      console.warn(`保留的渲染器无法使用，改为完整构建：${(error as Error).message}`);
      await rm(out, { recursive: true, force: true });
    }
  }
  if (used === 'built') {
    process.chdir(own);
    await build({ root, logLevel: quiet ? 'warn' : 'info', ...(key && keptFolder ? { integrations: [keepRenderer(keptFolder, key)] } : {}) });
  }
} finally {
  rmSync(own, { recursive: true, force: true });
  rmSync(keptWork, { recursive: true, force: true });
}
await reportStage({ ok: true, renderer: used } satisfies AstroStageResult);
process.exit(0);
