// Stage: renders one share of a full build's paths with the renderer the build just kept
// (kept-renderer.ts), while the Astro stage that started it renders another. Arguments: the
// kept renderers' folder, the key, this share's index and the number of shares. The state,
// the plan and the output folder are the Astro stage's (its environment).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { reportStage } from '../lib/stage.ts';
import { keptRenderer, loadKept } from '../lib/kept-renderer.ts';

// Started by the Astro stage: when it is gone (killed outright), so is this.
process.on('disconnect', () => process.exit(1));
const [folder, key, index, count] = process.argv.slice(2);
const out = process.env.GONGSHI_ASTRO_OUT;
if (!folder || !key || !out) throw new Error('usage: astro-slice <folder> <key> <index> <count> (GONGSHI_ASTRO_OUT set)');
const kept = await keptRenderer(folder, key);
if (!kept) throw new Error(`no sound kept renderer ${key} in ${folder}`);
const work = path.join(new URL('../../', import.meta.url).pathname, '.astro', `kept-${process.pid}`);
try {
  const render = await loadKept(kept, work, out, Boolean(process.env.GONGSHI_QUIET));
  const files = await render({ index: Number(index), count: Number(count) });
  await reportStage({ files });
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
