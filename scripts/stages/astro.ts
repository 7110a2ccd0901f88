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
import { availableParallelism } from 'node:os';
import { reportStage, runStage } from '../lib/stage.ts';
import { processAlive } from '../lib/release.ts';
import { keepRenderer, keptRenderer, keptRendererKey, loadKept, type AstroStageResult, type Split } from '../lib/kept-renderer.ts';

process.env.ASTRO_TELEMETRY_DISABLED = '1';
// Started by the publisher: when it is gone (killed outright), so is this, whatever it was
// waiting for (a publisher killed while it read left this stage idle, and alive, for good).
process.on('disconnect', () => process.exit(1));
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
// Emptied first: a process of the same id killed long ago (ids are reused) may have left chunks there.
for (const dir of [own, keptWork]) rmSync(dir, { recursive: true, force: true });
mkdirSync(own, { recursive: true });
// Folders of builds that were killed outright (kill -9 leaves no time to clean up).
for (const dir of readdirSync(path.join(root, '.astro'), { withFileTypes: true }).filter((d) => d.isDirectory())) {
  const pid = /^(?:build|kept)-(\d+)(?:-\d+)?$/.exec(dir.name)?.[1];
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

/**
 * A release renders its paths in as many processes as there are cores (GONGSHI_RENDER_PROCESSES
 * to choose; 1: in this one alone), when there are at least GONGSHI_RENDER_SPLIT_MIN of them.
 * A share whose process fails is rendered here.
 */
function split(folder: string, key: string, out: string): Split {
  const count = Number(process.env.GONGSHI_RENDER_PROCESSES ?? availableParallelism());
  const min = Number(process.env.GONGSHI_RENDER_SPLIT_MIN ?? 4000);
  return {
    count, min,
    render: async (index, count) => {
      try {
        const { result } = await runStage<{ files: number }>('astro-slice', [folder, key, String(index), String(count)]);
        shares.push({ index, files: result.files });
      } catch (error) {
        console.warn(`第 ${index + 1} 份页面的渲染进程失败（${(error as Error).message}），改在本进程渲染。`);
        const kept = await keptRenderer(folder, key);
        if (!kept) throw error;
        const render = await loadKept(kept, `${keptWork}-${index}`, out, quiet);
        shares.push({ index, files: await render({ index, count }) });
      }
    },
  };
}
const shares: { index: number; files: number }[] = [];

const out = process.env.GONGSHI_ASTRO_OUT;
const keptFolder = process.env.GONGSHI_RENDERER_CACHE;
const key = process.env.GONGSHI_RENDERER && keptFolder ? await keptRendererKey(process.env.GONGSHI_RENDERER) : null;
let used: AstroStageResult['renderer'] = 'built';
try {
  const kept = key && keptFolder && out ? await keptRenderer(keptFolder, key) : null;
  // Loaded while the publisher reads and plans; used only if the plan is a patch (a release
  // writes the browser's files and the public folder too).
  const render = kept && out ? await loadKept(kept, keptWork, out, quiet).catch((error: unknown) => {
    console.warn(`保留的渲染器无法载入，改为完整构建：${(error as Error).message}`);
    return null;
  }) : null;
  if (render && out && (await planIsPatch(process.env.GONGSHI_PLAN))) {
    try {
      const files = await render();
      used = 'kept';
      if (!quiet) console.log(`渲染器未变：以保留的渲染器写出 ${files} 个文件（未重新打包）。`);
    } catch (error) {
      console.warn(`保留的渲染器无法使用，改为完整构建：${(error as Error).message}`);
      await rm(out, { recursive: true, force: true });
    }
  }
  if (used === 'built') {
    process.chdir(own);
    await build({ root, logLevel: quiet ? 'warn' : 'info', ...(key && keptFolder && out ? { integrations: [keepRenderer(keptFolder, key, split(keptFolder, key, out))] } : {}) });
  }
} finally {
  rmSync(own, { recursive: true, force: true });
  rmSync(keptWork, { recursive: true, force: true });
  for (const { index } of shares) rmSync(`${keptWork}-${index}`, { recursive: true, force: true });
}
await reportStage({ ok: true, renderer: used, shares: shares.length + (shares.length ? 1 : 0) } satisfies AstroStageResult);
process.exit(0);
