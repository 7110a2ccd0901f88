// A stage is forked with its parent's Node flags (scripts/lib/stage.ts); the Astro stage changes its
// working folder and forks a stage of its own, so a preloaded module must not be named relatively.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { stageExecArgv } from '../../scripts/lib/stage.ts';

test('a preloaded module named relatively is named absolutely for a stage, in both spellings of the flag', () => {
  const cwd = '/srv/gongshi';
  const url = pathToFileURL('/srv/gongshi/scripts/lib/compile-cache.ts').href;
  assert.deepEqual(stageExecArgv(['--max-old-space-size=12288', '--import', './scripts/lib/compile-cache.ts'], cwd), ['--max-old-space-size=12288', '--import', url]);
  assert.deepEqual(stageExecArgv(['--import=./scripts/lib/compile-cache.ts'], cwd), [`--import=${url}`]);
  assert.deepEqual(stageExecArgv(['--import', 'tsx', '--require', '/abs/x.cjs'], cwd), ['--import', 'tsx', '--require', '/abs/x.cjs'], 'packages and absolute paths stay');
});

test('a process started with a relative preload can fork a stage after changing its working folder', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-stage-'));
  try {
    await writeFile(path.join(dir, 'preload.mjs'), 'globalThis.preloaded = true;\n');
    await writeFile(path.join(dir, 'child.mjs'), 'process.stdout.write(String(globalThis.preloaded));\n');
    const stageModule = pathToFileURL(path.resolve('scripts/lib/stage.ts')).href;
    await writeFile(path.join(dir, 'parent.mjs'), `
      import { fork } from 'node:child_process';
      import { stageExecArgv } from ${JSON.stringify(stageModule)};
      const execArgv = stageExecArgv(process.execArgv);
      process.chdir('/');
      fork(${JSON.stringify(path.join(dir, 'child.mjs'))}, [], { execArgv }).on('exit', (code) => process.exit(code ?? 1));
    `);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', './preload.mjs', 'parent.mjs'], { cwd: dir });
    assert.equal(stdout, 'true');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
